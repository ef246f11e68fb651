import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../../src/config/config.js";
import { Pipeline } from "../../src/ingest/pipeline.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { Store } from "../../src/store/port.js";
import { capturedLogger } from "../helpers/log-lines.js";
import { statsOf } from "../helpers/store-reads.js";
import { tempDir } from "../helpers/test-app.js";

describe("Pipeline logs", () => {
  const cleanup: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  test("a store outage and the recovery from it are logged, with the cause", async () => {
    const d = await tempDir();
    cleanup.push(d.remove);
    const store = await DuckDbStore.open(join(d.dir, "a.duckdb"));
    cleanup.push(() => store.close());
    await store.migrate();
    // The failed insert and the probe that follows it: an outage, not a refused row.
    let refusals = 2;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === "insertEvents" && refusals > 0) {
          return async () => {
            refusals -= 1;
            throw new Error("connect ECONNREFUSED 127.0.0.1:8123");
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as Store;
    const log = capturedLogger();
    const pipeline = new Pipeline(loadConfig({ overrides: { dataDirectory: d.dir } }), flaky, "n1", log.logger);
    await pipeline.start();
    cleanup.push(() => pipeline.stop());
    await pipeline.acceptOne("user_action", { action: "x" });
    await pipeline.drain(20_000);
    assert.deepEqual(
      log.lines.map((l) => [l.level, l.msg, (l.err as { message?: string } | undefined)?.message]),
      [
        [40, "store unavailable: events stay in the durable log", "connect ECONNREFUSED 127.0.0.1:8123"],
        [30, "store reachable again: draining the backlog", undefined],
      ],
    );
    assert.equal((await statsOf(store)).total_events, 1);
  });
});
