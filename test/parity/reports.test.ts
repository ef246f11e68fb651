import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { REPORT_TYPES } from "../../src/reports/produce.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { type TestApp, testApp } from "../helpers/test-app.js";
import { fixtureEvents, load, mondayBase, periodOf } from "../reports/fixture.js";

/** Sums and means may differ in the last bits between engines: compare to 12 significant digits. */
function rounded(v: unknown): unknown {
  if (typeof v === "number" && !Number.isInteger(v)) return Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

/** Every report, end to end, is the same on DuckDB and on ClickHouse holding the same events. */
describe("reports: the same on both stores", () => {
  let server: ClickHouseServer;
  let duck: TestApp;
  let ch: TestApp;
  const base = mondayBase();
  before(async () => {
    server = await startClickHouse();
    [duck, ch] = await Promise.all([testApp(), testApp({ storeUrl: server.storeUrl(uniqueDatabase()) })]);
    await Promise.all([load(duck, fixtureEvents(base)), load(ch, fixtureEvents(base))]);
  });
  after(async () => {
    await duck?.close();
    await ch?.close();
    await server?.remove();
  });

  for (const tz of ["UTC", "America/New_York"]) {
    test(`executive, technical and user behaviour over the fixture's month, times in ${tz}`, async () => {
      for (const type of REPORT_TYPES) {
        const period = { ...periodOf(base), tz };
        const [d, c] = await Promise.all([
          duck.service.generateReport(type, period),
          ch.service.generateReport(type, period),
        ]);
        assert.deepEqual(rounded({ ...c, generated_at: "" }), rounded({ ...d, generated_at: "" }), type);
      }
    });
  }
});
