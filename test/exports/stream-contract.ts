import assert from "node:assert/strict";
import { type IncomingMessage, request } from "node:http";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { planWindows } from "../../src/exports/sources/event-windows.js";
import type { AuditEntryRow } from "../../src/store/queries/audit-page.js";
import { ADMIN_KEY, type TestApp } from "../helpers/test-app.js";
import { failStreamsAfter } from "./failing-store.js";
import { readNdjson } from "./read-back.js";

const API = "/api/analytics";
const T0 = Date.UTC(2026, 9, 3, 0, 0, 0);
/** More events than one window (50,000) holds, 50 ms apart. */
const N = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const RANGE = `from=${iso(T0)}&to=${iso(T0 + N * 50)}`;

/**
 * Exports as streams on a store: several windows read in order, the first bytes before the end, a
 * disconnect that cancels, an error after the first bytes and one before them.
 */
export function exportStreamContract(store: string, start: () => Promise<TestApp>): void {
  describe(`exports stream on ${store}`, () => {
    let t: TestApp;
    let url: string;

    before(async () => {
      t = await start();
      for (let i = 0; i < N; i += 2000) {
        const batch = Array.from({ length: 2000 }, (_, j) => ({
          eventType: "user_action" as const,
          eventId: `e${String(i + j).padStart(5, "0")}`,
          timestamp: T0 + (i + j) * 50,
          userId: `u${(i + j) % 7}`,
          action: "view",
        }));
        const r = await t.service.trackBatch(batch);
        assert.equal(r.accepted.length, 2000);
        // Loaded as it goes: a backlog of all of them could exceed the log's bound on a slow store.
        await t.service.pipeline.drain();
      }
      await t.service.pipeline.drain();
      url = await t.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => t.close());

    /** The export over a socket: the response as it arrives. */
    function open(path: string): Promise<IncomingMessage> {
      return new Promise((resolve, reject) => {
        const req = request(
          `${url}${API}/export/${path}`,
          { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
          resolve,
        );
        req.on("error", reject);
        req.end();
      });
    }

    async function auditOf(action: string): Promise<AuditEntryRow[]> {
      return t.service.audit.page({ action, limit: 10 });
    }

    /** Waits (up to 30 s) for the export's audit entry: it is written when the stream ends, however it ends. */
    async function endedExport(before: number): Promise<AuditEntryRow> {
      for (let i = 0; i < 600; i += 1) {
        const entries = await auditOf("exports.events");
        if (entries.length > before) return entries[0] as AuditEntryRow;
        await sleep(50);
      }
      throw new Error("the export never ended");
    }

    test("windows: newest first, contiguous, each within the cap", async () => {
      const span = { from: T0, to: T0 + N * 50 };
      const windows = [];
      const plan = await planWindows(t.service.store, span, undefined, 7000);
      assert.equal(plan.total, N);
      for await (const w of plan.windows) windows.push(w);
      assert.equal(windows[0]?.to, span.to);
      assert.equal(windows.at(-1)?.from, span.from);
      for (let i = 1; i < windows.length; i += 1) assert.equal(windows[i]?.to, windows[i - 1]?.from);
      for (const w of windows) {
        // 20 events a second: a window of at most 7,000 events spans at most 350 s.
        assert.ok(w.to - w.from <= 350_000, JSON.stringify(w));
      }
      assert.ok(windows.length >= 9, String(windows.length));
    });

    test("the whole export, over several windows: every event once, newest first", async () => {
      const res = await t.call({ method: "GET", url: `${API}/export/events?${RANGE}&format=ndjson` });
      const ids = readNdjson(res.body).map((e) => e.event_id);
      assert.equal(ids.length, N);
      assert.equal(ids[0], `e${N - 1}`);
      assert.equal(ids.at(-1), "e00000");
      assert.equal(new Set(ids).size, N);
      assert.deepEqual(ids, [...ids].sort().reverse());
    });

    test("the first bytes leave before the export ends; a client that disconnects cancels it", async () => {
      const before = (await auditOf("exports.events")).length;
      const res = await open(`events?${RANGE}&format=csv`);
      assert.equal(res.statusCode, 200);
      const first = (await new Promise<Buffer>((resolve) => res.once("data", resolve))).toString();
      res.pause();
      assert.ok(first.startsWith("event_id,event_type,timestamp,received_at,user_id,session_id,data\r\ne59999,"));
      // Not ended: the stream waits for this reader, so no audit entry yet.
      assert.equal((await auditOf("exports.events")).length, before);
      res.destroy();
      const entry = await endedExport(before);
      assert.equal(entry.outcome, "failed");
      assert.equal(entry.details.error, "cancelled: the client stopped reading");
      assert.ok((entry.details.rows as number) < N, String(entry.details.rows));
    });

    test("an error after the first bytes: a last line naming it, then an unfinished body", async () => {
      const restore = failStreamsAfter(t.service.store, 5000, "connection to the store lost");
      try {
        const before = (await auditOf("exports.events")).length;
        const res = await open(`events?${RANGE}&format=ndjson`);
        assert.equal(res.statusCode, 200);
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        const ending = await new Promise<string>((resolve) => {
          res.on("end", () => resolve("end"));
          res.on("aborted", () => resolve("aborted"));
          res.on("error", () => resolve("error"));
        });
        assert.notEqual(ending, "end");
        assert.equal(res.complete, false);
        const lines = Buffer.concat(chunks).toString().split("\n").filter(Boolean);
        assert.equal(lines.length, 5001);
        assert.deepEqual(JSON.parse(lines.at(-1) as string), {
          export_error: "the export failed on the server; see its log",
        });
        const entry = await endedExport(before);
        assert.equal(entry.outcome, "failed");
        assert.deepEqual(entry.details.error, "connection to the store lost");
        assert.equal(entry.details.rows, 5000);
      } finally {
        restore();
      }
    });

    test("an error before the first bytes is an ordinary error answer", async () => {
      const restore = failStreamsAfter(t.service.store, 0, "store unreachable");
      try {
        const res = await t.call({ method: "GET", url: `${API}/export/events?${RANGE}&format=csv` });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(res.json(), { error: "Internal server error" });
      } finally {
        restore();
      }
    });
  });
}
