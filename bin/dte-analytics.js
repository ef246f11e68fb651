#!/usr/bin/env node
// The installed command: runs the compiled code in dist/ (built by `npm run build`, which `npm install` runs).
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  console.error("dte-analytics is not built: run `npm run build` (npm install runs it) in its package folder");
  process.exit(1);
}
await import(main.href);
