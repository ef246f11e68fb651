import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { Type } from "@sinclair/typebox";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { defineQuery } from "../../src/store/query.js";
import { sql } from "../../src/store/sql/fragment.js";
import { Num, TextOrNull } from "../../src/store/sql/row-types.js";
import { keyRecord } from "../helpers/key-record.js";
import { alertContract } from "../parity/alert-contract.js";
import { dashboardContract } from "../parity/dashboard-contract.js";
import { governanceContract } from "../parity/governance-contract.js";
import { priceContract } from "../parity/price-contract.js";
import { reportScheduleContract } from "../parity/report-schedule-contract.js";
import { ev, storeContract, T0 } from "../parity/store-contract.js";

// The engine-neutral tests live in the shared store contract (test/parity/store-contract.ts), run
// here on DuckDB and in test/parity on ClickHouse; this file keeps what only DuckDB has: its file.

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dte-store-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openStore(name: string): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(join(dir, name));
  await store.migrate();
  return store;
}

// Each contract place is a file in the temporary directory: the same place, the same file.
storeContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));
priceContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));
alertContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));
dashboardContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));
governanceContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));
reportScheduleContract("duckdb", (place) => DuckDbStore.open(join(dir, `${place}.duckdb`)));

describe("DuckDbStore: the file", () => {
  const file = "the-file.duckdb";
  const api = ev("h-api", "api_request", T0, {
    data: {
      endpoint: "/x",
      method: "GET",
      status_code: 404,
      response_time: 12.5,
      ip_address: "1.2.3.4",
      user_agent: "ua",
    },
  });
  const cog = ev("h-cog", "cognitive_process", T0 + 1, {
    data: {
      membrane_type: "grammar",
      model: "m1",
      processing_time: 250,
      input_tokens: 100,
      output_tokens: 50,
      success: false,
      cost: 0.25,
    },
  });
  const sys = ev("h-sys", "system_metric", T0 + 2, {
    data: { cpu_usage: 55.5, memory_usage: 60, disk_usage: 70.25, network_io: { bytes_in: 1 } },
  });
  const err = ev("h-err", "error", T0 + 3, { data: { error_type: "TypeError", error_message: "x" } });
  // Validated events never carry a value of another kind in a hot field; were one to, it must not block
  // the load: it is cast where it can be (else the column stays empty) and kept as sent in data.
  const odd = ev("h-odd", "api_request", T0 + 4, {
    data: { endpoint: 5, status_code: 2 ** 60, response_time: "fast", success: "yes", action: { a: 1 } },
  });

  test("a reopen keeps events, checkpoints and keys", async () => {
    const store = await openStore(file);
    await store.insertEvents([api, cog, sys, err, odd], "node-x", { segment: 3, offset: 777 });
    await store.insertApiKey(keyRecord({ id: "k", created_at: T0 }));
    await store.close();

    const reopened = await openStore(file);
    try {
      assert.deepEqual(await reopened.run(eventsPage({ limit: 10 })), [odd, err, sys, cog, api]);
      assert.deepEqual(await reopened.loaderCheckpoint("node-x"), { segment: 3, offset: 777 });
      assert.deepEqual(
        (await reopened.listApiKeys()).map((k) => k.id),
        ["k"],
      );
      assert.equal(await reopened.insertEvents([api], "node-x", { segment: 3, offset: 800 }), 0);
    } finally {
      await reopened.close();
    }
  });

  test("hot columns hold the typed values beside the data JSON", async () => {
    const instance = await DuckDBInstance.create(join(dir, file));
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT event_id, action, endpoint, method, status_code, response_time, membrane_type, model,
                processing_time, input_tokens, output_tokens, success, cost, error_type, cpu_usage,
                memory_usage, disk_usage, ip_address, user_agent
         FROM events ORDER BY ts`,
      );
      const rows = reader.getRowObjectsJS().map((r) =>
        Object.fromEntries(
          Object.entries(r)
            .filter(([, v]) => v !== null)
            .map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
        ),
      );
      assert.deepEqual(rows, [
        {
          event_id: "h-api",
          endpoint: "/x",
          method: "GET",
          status_code: 404,
          response_time: 12.5,
          ip_address: "1.2.3.4",
          user_agent: "ua",
        },
        {
          event_id: "h-cog",
          membrane_type: "grammar",
          model: "m1",
          processing_time: 250,
          input_tokens: 100,
          output_tokens: 50,
          success: false,
          cost: 0.25,
        },
        { event_id: "h-sys", cpu_usage: 55.5, memory_usage: 60, disk_usage: 70.25 },
        { event_id: "h-err", error_type: "TypeError" },
        { event_id: "h-odd", action: '{"a":1}', endpoint: "5", status_code: 2 ** 60, success: true },
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe("DuckDbStore: the event_id window", () => {
  test("a retry is recognised within the dedupe window, counted from the batch's own receipt", async () => {
    const store = await DuckDbStore.open(join(dir, "window.duckdb"), { dedupeWindowMs: 60_000 });
    await store.migrate();
    try {
      const original = { ...ev("w-1", "user_action", T0, { data: { action: "a" } }), received_at: T0 };
      assert.equal(await store.insertEvents([original], "n", { segment: 1, offset: 1 }), 1);
      const soon = { ...original, timestamp: T0 + 59_000, received_at: T0 + 59_000 };
      assert.equal(await store.insertEvents([soon], "n", { segment: 1, offset: 2 }), 0);
      // Outside the window the id is no longer looked for: the trade for loading that never slows down.
      const late = { ...original, timestamp: T0 + 61_000, received_at: T0 + 61_000 };
      assert.equal(await store.insertEvents([late], "n", { segment: 1, offset: 3 }), 1);
    } finally {
      await store.close();
    }
  });
});

describe("DuckDbStore: memory limit", () => {
  const setting = defineQuery({
    name: "memory-limit",
    row: Type.Object({ m: Type.String() }),
    statement: () => sql`SELECT current_setting('memory_limit') AS m`,
  });

  test("memoryLimitMb becomes DuckDB's memory_limit; 0 leaves DuckDB's default", async () => {
    const limited = await DuckDbStore.open(join(dir, "limited.duckdb"), { dedupeWindowMs: 1, memoryLimitMb: 96 });
    const free = await DuckDbStore.open(join(dir, "free.duckdb"), { dedupeWindowMs: 1, memoryLimitMb: 0 });
    try {
      assert.deepEqual(await limited.run(setting), [{ m: "96.0 MiB" }]);
      assert.notEqual((await free.run(setting))[0]?.m, "96.0 MiB");
    } finally {
      await limited.close();
      await free.close();
    }
  });
});

describe("DuckDbStore: stream", () => {
  const numbers = defineQuery({
    name: "stream-range",
    row: Type.Object({ i: Num, s: TextOrNull, x: Num, big: Num }),
    statement: () =>
      sql`SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || i END AS s, i / 4 AS x, i * 1000000000 AS big
          FROM range(5000) t(i) ORDER BY i`,
  });

  test("the rows run() answers, in order, across chunks (2,048 rows) and the slices they are read through", async () => {
    const store = await openStore("stream.duckdb");
    try {
      const streamed = [];
      for await (const r of store.stream(numbers)) streamed.push(r);
      assert.equal(streamed.length, 5000);
      assert.deepEqual(streamed[0], { i: 0, s: null, x: 0, big: 0 });
      assert.deepEqual(streamed[2049], { i: 2049, s: "v2049", x: 512.25, big: 2_049_000_000_000 });
      assert.deepEqual(streamed[4999], { i: 4999, s: "v4999", x: 1249.75, big: 4_999_000_000_000 });
      assert.deepEqual(streamed, await store.run(numbers));
    } finally {
      await store.close();
    }
  });
});
