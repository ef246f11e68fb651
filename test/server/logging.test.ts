import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { UnavailableError } from "../../src/errors.js";
import { buildApp } from "../../src/server/app.js";
import { loggableUrl } from "../../src/server/request-log.js";
import { AnalyticsService } from "../../src/service.js";
import { capturedLogger } from "../helpers/log-lines.js";
import { ADMIN_KEY, tempDir } from "../helpers/test-app.js";

describe("request and error logs", () => {
  const log = capturedLogger();
  let dir: { dir: string; remove(): Promise<void> };
  let service: AnalyticsService;
  let app: FastifyInstance;
  before(async () => {
    dir = await tempDir();
    service = new AnalyticsService({ dataDirectory: dir.dir, adminKey: ADMIN_KEY }, { logger: log.logger });
    await service.start();
    app = await buildApp(service);
    // Routes that fail the way a bug or a full disk would, behind the same error handler.
    app.get("/test/boom", async () => {
      throw new Error("database handle is closed");
    });
    app.get("/test/full", async () => {
      throw new UnavailableError("The durable log is not writable: ENOSPC: no space left on device", 5);
    });
  });
  after(async () => {
    await app.close();
    await service.stop();
    await dir.remove();
  });

  const errOf = (line: Record<string, unknown> | undefined) =>
    line?.err as { message: string; stack: string } | undefined;
  const linesFor = (url: string) => log.lines.filter((l) => (l.req as { url?: string } | undefined)?.url === url);

  test("a 500 logs its cause at error; the client sees none of it", async () => {
    const res = await app.inject({ method: "GET", url: "/test/boom" });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { error: "Internal server error" });
    const cause = log.lines.find((l) => l.msg === "unexpected error");
    assert.equal(cause?.level, 50);
    assert.equal(errOf(cause)?.message, "database handle is closed");
    assert.match(errOf(cause)?.stack ?? "", /logging\.test\.ts/);
  });

  test("a 503 logs its cause at warn, and keeps Retry-After for the client", async () => {
    const res = await app.inject({ method: "GET", url: "/test/full" });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers["retry-after"], "5");
    const cause = log.lines.find((l) => l.msg === "request refused: service unavailable");
    assert.equal(cause?.level, 40);
    assert.match(errOf(cause)?.message ?? "", /ENOSPC/);
  });

  test("one request line per request, without the Authorization header or a key in the query", async () => {
    const url = "/api/analytics/health?verbose=1&api_key=dte_leaked_in_query";
    const res = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.statusCode, 200);
    const lines = linesFor("/api/analytics/health?verbose=1&api_key=%5Bredacted%5D");
    assert.equal(lines.length, 1);
    assert.deepEqual(
      {
        msg: lines[0]?.msg,
        level: lines[0]?.level,
        status: lines[0]?.status,
        method: (lines[0]?.req as { method?: string } | undefined)?.method,
      },
      { msg: "request", level: 30, status: 200, method: "GET" },
    );
    assert.equal(typeof lines[0]?.ms, "number");
    assert.ok(!log.text().includes(ADMIN_KEY), "the admin key is in no line");
    assert.ok(!log.text().includes("dte_leaked_in_query"));
    assert.ok(!/authorization/i.test(log.text()));
  });

  test("secret-looking query parameters are redacted, others kept", () => {
    assert.equal(loggableUrl("/a"), "/a");
    assert.equal(loggableUrl("/a?from=2026-02-01&token=abc&x=1"), "/a?from=2026-02-01&token=%5Bredacted%5D&x=1");
    assert.equal(loggableUrl("/a?Password=1&password=2"), "/a?Password=%5Bredacted%5D&password=%5Bredacted%5D");
  });
});
