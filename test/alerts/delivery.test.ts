import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { deliver } from "../../src/alerts/delivery.js";
import { receiver } from "./receiver.js";

describe("webhook delivery", () => {
  test("a 404 is final: one attempt, failed with the status", async () => {
    const hook = await receiver([404]);
    try {
      const out = await deliver(hook.url, { text: "x" }, { attempts: 5, timeoutMs: 5000, backoffMs: 1 });
      assert.deepEqual(out, { url: hook.url, status: "failed", attempts: 1, http_status: 404, error: "HTTP 404" });
      assert.equal(hook.calls(), 1);
    } finally {
      await hook.close();
    }
  });

  test("a receiver that never answers: each attempt is abandoned at its timeout, then the delivery fails", async () => {
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => {
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const out = await deliver(url, { text: "x" }, { attempts: 2, timeoutMs: 50, backoffMs: 1 });
      assert.deepEqual([out.status, out.attempts, out.http_status, held.length], ["failed", 2, null, 2]);
      assert.match(out.error ?? "", /timeout|aborted/i);
    } finally {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("stopping ends the delivery: no wait for the next attempt (60 s away), no further attempt", async () => {
    const hook = await receiver([500, 500]);
    const stop = new AbortController();
    try {
      const pending = deliver(
        hook.url,
        { text: "x" },
        { attempts: 3, timeoutMs: 5000, backoffMs: 60_000, signal: stop.signal },
      );
      while (hook.calls() < 1) await new Promise((r) => setImmediate(r));
      stop.abort();
      // Whether the abort met the first answer or the wait after it, nothing more is attempted.
      const out = await pending;
      assert.deepEqual([out.status, out.attempts, hook.calls()], ["failed", 1, 1]);
    } finally {
      await hook.close();
    }
  });
});
