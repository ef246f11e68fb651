// Runs every test file under test/ (or those given) with Node's test runner, TypeScript through tsx.
//
// Files under test/parity/ and test/cluster/ start private ClickHouse servers. Without
// clickhouse-server they are left out, loudly, at the start and at the end of the run; in CI
// (CI set) a missing ClickHouse is an error instead, so CI never silently loses that part.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { clickHouseBinary } from "../test/helpers/clickhouse-server.js";

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const CLICKHOUSE_DIRS = [join("test", "parity"), join("test", "cluster")];
const needsClickHouse = (file: string) => {
  const rel = relative(process.cwd(), file);
  return CLICKHOUSE_DIRS.some((d) => rel.startsWith(d + sep));
};

const requested = process.argv.length > 2 ? process.argv.slice(2) : find("test").sort();
let files = requested;
let skippedNote = null;

const clickHouseFiles = requested.filter(needsClickHouse);
if (clickHouseFiles.length > 0 && !clickHouseBinary()) {
  if (process.env.CI) {
    console.error(
      `ClickHouse part cannot run: clickhouse-server is not installed, and CI must not skip it ` +
        `(${clickHouseFiles.length} test files in test/parity and test/cluster). ` +
        "Run scripts/install-test-deps.sh as root before the tests (.ci/run does).",
    );
    process.exit(1);
  }
  files = requested.filter((f: string) => !needsClickHouse(f));
  skippedNote =
    "ClickHouse part skipped: clickhouse-server is not installed (run scripts/install-test-deps.sh as root " +
    `to include it): ${clickHouseFiles.length} test files in test/parity and test/cluster not run`;
  console.log(`\n${skippedNote}\n`);
}

let status = 0;
if (files.length > 0) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
    { stdio: "inherit" },
  );
  status = result.status ?? 1;
}
if (skippedNote) console.log(`\n${skippedNote}\n`);
process.exit(status);
