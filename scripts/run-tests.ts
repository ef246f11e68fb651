// Runs every test file under test/ (or those given) with Node's test runner, TypeScript through tsx.
//
// Files under test/parity/ and test/cluster/ start private ClickHouse servers, and files under test/e2e/
// drive Debian's chromium. Without the program a part needs, its files are left out, loudly, at the
// start and at the end of the run; in CI (CI set) a missing program is an error instead, so CI never
// silently loses a part.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { chromiumBinary } from "../test/helpers/browser.js";
import { clickHouseBinary } from "../test/helpers/clickhouse-server.js";

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

/** A part of the suite that needs a program installed by scripts/install-test-deps.sh. */
interface Part {
  name: string;
  program: string;
  dirs: string[];
  installed: () => boolean;
}

const PARTS: Part[] = [
  {
    name: "ClickHouse",
    program: "clickhouse-server",
    dirs: [join("test", "parity"), join("test", "cluster")],
    installed: () => clickHouseBinary() !== null,
  },
  { name: "Browser", program: "chromium", dirs: [join("test", "e2e")], installed: () => chromiumBinary() !== null },
];
const inPart = (part: Part) => (file: string) => {
  const rel = relative(process.cwd(), file);
  return part.dirs.some((d) => rel.startsWith(d + sep));
};

const requested = process.argv.length > 2 ? process.argv.slice(2) : find("test").sort();
let files = requested;
const skippedNotes: string[] = [];

for (const part of PARTS) {
  const partFiles = requested.filter(inPart(part));
  if (partFiles.length === 0 || part.installed()) continue;
  const where = `${partFiles.length} test files in ${part.dirs.join(" and ")}`;
  if (process.env.CI) {
    console.error(
      `${part.name} part cannot run: ${part.program} is not installed, and CI must not skip it (${where}). ` +
        "Run scripts/install-test-deps.sh as root before the tests (.ci/run does).",
    );
    process.exit(1);
  }
  files = files.filter((f) => !inPart(part)(f));
  skippedNotes.push(
    `${part.name} part skipped: ${part.program} is not installed (run scripts/install-test-deps.sh as root ` +
      `to include it): ${where} not run`,
  );
}
for (const note of skippedNotes) console.log(`\n${note}\n`);

let status = 0;
if (files.length > 0) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
    { stdio: "inherit" },
  );
  status = result.status ?? 1;
}
for (const note of skippedNotes) console.log(`\n${note}\n`);
process.exit(status);
