import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { EventRecord } from "../../../src/model/event.js";
import { rangePercentile } from "../../../src/store/cache/range-percentile.js";
import { openStore } from "../../../src/store/open-store.js";
import type { QueryRunner, Store } from "../../../src/store/port.js";
import { tempDir } from "../../helpers/test-app.js";
import { numpyPercentile } from "../../parity/queries/oracle.js";
import { ev } from "../../parity/store-contract.js";

const HOUR = 3_600_000;
const T = Date.parse("2026-02-01T00:00:00Z");

let dir: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
let n = 0;
const times: number[] = [];

async function requests(ms: number[], at: number): Promise<void> {
  const events: EventRecord[] = ms.map((m, i) => {
    n += 1;
    times.push(m);
    return ev(`r${n}`, "api_request", at + i * 1000, { data: { response_time: m } });
  });
  await store.insertEvents(events, "test", { segment: 1, offset: n });
}

before(async () => {
  dir = await tempDir();
  store = await openStore(`duckdb://${dir.dir}/percentile.duckdb`, dir.dir);
  await store.migrate();
  // 1..1000 ms spread over 4 hours.
  for (let h = 0; h < 4; h++)
    await requests(
      Array.from({ length: 250 }, (_, i) => h * 250 + i + 1),
      T + h * HOUR,
    );
});
after(async () => {
  await store?.close();
  await dir.remove();
});

test("events landing between the histogram and the slice: the plain percentile answers, exact; then the slice alone", async () => {
  const names: string[] = [];
  let sneak = true;
  const runner: QueryRunner = {
    async run(q) {
      names.push(q.name);
      const rows = await store.run(q);
      // 300 slow requests arrive right after the histogram was read: p95's rank leaves the slice.
      if (sneak && q.name === "value-bins") {
        sneak = false;
        await requests(
          Array.from({ length: 300 }, () => 5000),
          T + 2 * HOUR,
        );
      }
      return rows;
    },
    stream: (q) => store.stream(q),
    ...(store.journal ? { journal: store.journal } : {}),
  };
  const spec = { from: T, to: T + 4 * HOUR, field: "response_time", p: 0.95 };
  const p95 = await rangePercentile(runner, spec);
  // The journal saw the write: the slice read alone is not trusted; the counted slice misses the rank.
  assert.deepEqual(names, ["value-bins", "slice-values", "rank-slice", "range-measures"]);
  assert.equal(p95, numpyPercentile(times, 0.95));
  assert.equal(p95, 5000);
  // Read again, the histogram sees them: the slice answers.
  names.length = 0;
  assert.equal(await rangePercentile(runner, { ...spec, p: 0.5 }), numpyPercentile(times, 0.5));
  assert.deepEqual(names, ["value-bins", "slice-values"]);
});
