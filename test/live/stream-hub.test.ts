import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { describe, test } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { StreamHub } from "../../src/live/stream-hub.js";

/** Enough of a ServerResponse for the hub: what it was sent, whether it was ended, how far behind it is. */
function fakeResponse(writableLength = 0) {
  const res = {
    status: 0,
    headers: {} as Record<string, unknown>,
    written: [] as string[],
    ended: false,
    writableLength,
    writeHead(status: number, headers: Record<string, unknown>) {
      res.status = status;
      res.headers = headers;
    },
    write(chunk: string) {
      res.written.push(chunk);
      return true;
    },
    end() {
      res.ended = true;
    },
    on() {},
  };
  return res;
}

const opts = { maxClients: 2, intervalMs: 60_000, heartbeatMs: 60_000 };
const unexpected = (err: unknown) => assert.fail(`unexpected error: ${String(err)}`);

describe("StreamHub", () => {
  test("a new client gets the headers, a retry hint and a first numbered snapshot at once", async () => {
    const hub = new StreamHub(async () => ({ n: 1 }), opts, unexpected);
    const res = fakeResponse();
    hub.connect(res as unknown as ServerResponse, { "x-extra": "kept" });
    await tick();
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "text/event-stream; charset=utf-8");
    assert.equal(res.headers["x-extra"], "kept");
    assert.deepEqual(res.written, ["retry: 60000\n\n", 'id: 1\nevent: snapshot\ndata: {"n":1}\n\n']);
    hub.close();
    assert.equal(res.ended, true);
    assert.throws(() => hub.connect(fakeResponse() as unknown as ServerResponse), /shutting down/);
  });

  test("a client more than 1 MB behind is dropped instead of buffered for", async () => {
    const hub = new StreamHub(async () => ({}), opts, unexpected);
    const slow = fakeResponse(2 * 1024 * 1024);
    hub.connect(slow as unknown as ServerResponse);
    await tick();
    assert.equal(slow.ended, true);
    assert.equal(hub.size, 0);
    assert.deepEqual(slow.written, ["retry: 60000\n\n"]);
    hub.close();
  });

  test("a failed snapshot is reported and sends nothing; the client stays", async () => {
    const errors: unknown[] = [];
    const hub = new StreamHub(
      async () => {
        throw new Error("store down");
      },
      opts,
      (err) => errors.push(err),
    );
    const res = fakeResponse();
    hub.connect(res as unknown as ServerResponse);
    await tick();
    assert.equal((errors[0] as Error).message, "store down");
    assert.deepEqual(res.written, ["retry: 60000\n\n"]);
    assert.equal(hub.size, 1);
    hub.close();
  });

  test("past maxClients a typed 503 with a retry delay", () => {
    const hub = new StreamHub(
      async () => ({}),
      opts,
      () => undefined,
    );
    hub.connect(fakeResponse() as unknown as ServerResponse);
    hub.connect(fakeResponse() as unknown as ServerResponse);
    assert.throws(
      () => hub.connect(fakeResponse() as unknown as ServerResponse),
      (err: Error & { status?: number; retryAfterSeconds?: number }) =>
        err.status === 503 && err.retryAfterSeconds === 5 && /At most 2 clients/.test(err.message),
    );
    hub.close();
  });
});
