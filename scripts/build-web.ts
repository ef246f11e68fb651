// Bundles the web dashboard (web/) into dist/web/ with esbuild: one script, one style sheet and the page,
// served by the server at /dashboard (src/server/routes/web.ts). Chart.js is bundled: nothing comes from a CDN.
import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}dist/web`;

await mkdir(OUT, { recursive: true });
await build({
  entryPoints: { app: `${ROOT}web/main.ts`, styles: `${ROOT}web/styles.css` },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outdir: OUT,
  logLevel: "warning",
});
await copyFile(`${ROOT}web/index.html`, `${OUT}/index.html`);
