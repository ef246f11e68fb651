import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { Type } from "@sinclair/typebox";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { storeStats } from "../../src/store/queries/store-stats.js";
import { defineQuery, type Query } from "../../src/store/query.js";
import { sql } from "../../src/store/sql/fragment.js";
import { Text } from "../../src/store/sql/row-types.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { tempDir } from "../helpers/test-app.js";
import { checkKpiInputs, checkRangePercentile } from "./kpi-inputs.js";
import { queryFixture, STREAM_ROWS, STREAM_SPAN } from "./queries/analytics-fixture.js";
import { AUDIT_ROWS } from "./queries/audit-fixture.js";
import type { QueryCase } from "./queries/case.js";
import { migrated } from "./store-contract.js";

// Every query file's parity case (test/parity/queries/*.case.ts), on DuckDB and on ClickHouse
// holding the same events, against the case's oracle.

let server: ClickHouseServer;
let dir: { dir: string; remove(): Promise<void> };
let duck: Store;
let ch: Store;
const events = queryFixture();
const prefix = uniqueDatabase();

const CASES_DIR = new URL("./queries/", import.meta.url);
const caseFiles = (await readdir(CASES_DIR)).filter((f) => f.endsWith(".case.ts")).sort();
const cases = await Promise.all(
  caseFiles.map(async (f) => ({ file: f, cases: (await import(new URL(f, CASES_DIR).href)).cases as QueryCase[] })),
);

/** Floating sums and means may differ in the last bits between engines and the oracle: compare to 12 digits. */
function rounded(v: unknown): unknown {
  if (typeof v === "number" && !Number.isInteger(v)) return Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

async function same<R>(what: string, query: Query<R>, expected: R[]): Promise<R[]> {
  const [d, c] = await Promise.all([duck.run(query), ch.run(query)]);
  assert.deepEqual(rounded(d), rounded(expected), `duckdb: ${what}`);
  assert.deepEqual(rounded(c), rounded(expected), `clickhouse: ${what}`);
  return d;
}

before(async () => {
  server = await startClickHouse();
  dir = await tempDir();
  duck = await migrated((p) => openStore(`duckdb://${dir.dir}/${p}.duckdb`, dir.dir), "queries");
  ch = await migrated((p) => openStore(server.storeUrl(`${prefix}_${p}`), dir.dir), "queries");
  for (const s of [duck, ch]) {
    for (let i = 0; i < events.length; i += 100) {
      await s.insertEvents(events.slice(i, i + 100), "loader", { segment: 1, offset: i + 1 });
    }
    await s.appendAudit(AUDIT_ROWS);
  }
});
after(async () => {
  await duck?.close();
  await ch?.close();
  await server?.remove();
  await dir?.remove();
});

for (const { file, cases: list } of cases) {
  describe(`parity: ${file.replace(".case.ts", "")}`, () => {
    for (const c of list) test(c.title, () => c.run(same, events));
  });
}

test("kpi inputs: hourly totals, session spans and exact percentiles equal the oracle on both engines", () =>
  checkKpiInputs(async (what, read, expected) => {
    const [d, c] = await Promise.all([read(duck), read(ch)]);
    assert.deepEqual(rounded(d), rounded(expected), `duckdb: ${what}`);
    assert.deepEqual(rounded(c), rounded(expected), `clickhouse: ${what}`);
    return d;
  }, events));

test("percentiles from a slice of values equal numpy's on both engines", async () => {
  await checkRangePercentile(duck, events);
  await checkRangePercentile(ch, events);
});

describe("stream: rows as they arrive, more than one chunk", () => {
  for (const engine of ["duckdb", "clickhouse"] as const) {
    const store = () => (engine === "duckdb" ? duck : ch);

    test(`${engine}: every row once, in the query's order`, async () => {
      let n = 0;
      let previous = "";
      for await (const e of store().stream(eventsPage({ ...STREAM_SPAN, limit: 1_000_000 }))) {
        // Newest first: ids descend from st-11999 to st-00000.
        if (previous) assert.ok(e.event_id < previous, `${e.event_id} after ${previous}`);
        if (n === 0) assert.equal(e.event_id, "st-11999");
        previous = e.event_id;
        n += 1;
      }
      assert.equal(n, STREAM_ROWS);
      assert.equal(previous, "st-00000");
    });

    test(`${engine}: stopping early ends the query; the store answers on`, async () => {
      const taken: string[] = [];
      for await (const e of store().stream(eventsPage({ ...STREAM_SPAN, limit: 1_000_000 }))) {
        taken.push(e.event_id);
        if (taken.length === 3) break;
      }
      assert.deepEqual(taken, ["st-11999", "st-11998", "st-11997"]);
      const [stats] = await store().run(storeStats());
      assert.equal(stats?.total_events, events.length);
    });
  }
});

test("clickhouse: a query's id carries its name, unique per run", async () => {
  // The running query finds itself in system.processes by the id the store gave it.
  const ownId = defineQuery({
    name: "own-id",
    row: Type.Object({ query_id: Text }),
    statement: () => sql`SELECT query_id FROM system.processes WHERE query_id LIKE ${"own-id-%"}`,
  });
  const [first] = await ch.run(ownId);
  const [second] = await ch.run(ownId);
  assert.match(first?.query_id ?? "", /^own-id-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.notEqual(first?.query_id, second?.query_id);
});
