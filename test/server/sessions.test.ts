import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const MIN = 60_000;
const TIME_MESSAGE = "must be ISO 8601 (UTC when it has no offset) or epoch milliseconds";

describe("sessions over HTTP", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ sessionTimeoutMinutes: 30 });
  });
  after(() => t.close());

  const start = (payload?: object, headers: Record<string, string> = {}) =>
    t.call({ method: "POST", url: `${API}/session/start`, ...(payload ? { payload } : {}), headers });
  const track = (path: string, payload: object) => t.call({ method: "POST", url: `${API}/track/${path}`, payload });
  const get = (id: string) => t.call({ method: "GET", url: `${API}/sessions/${id}` });

  test("start with no body records the peer address and the User-Agent header", async () => {
    const res = await start(undefined, { "user-agent": "EchoApp/2.1" });
    assert.equal(res.statusCode, 201);
    const { session_id } = res.json();
    assert.match(session_id, /^[0-9a-f-]{36}$/);
    const s = (await get(session_id)).json();
    assert.equal(s.status, "active");
    assert.equal(s.ip_address, "127.0.0.1");
    assert.equal(s.user_agent, "EchoApp/2.1");
    assert.equal(s.events_count, 0);
    assert.equal(s.end_time, null);
  });

  test("X-Forwarded-For is ignored without a trusted proxy", async () => {
    const res = await start({ user_id: "u-fwd" }, { "x-forwarded-for": "203.0.113.9" });
    const s = (await get(res.json().session_id)).json();
    assert.equal(s.ip_address, "127.0.0.1");
    assert.equal(s.user_id, "u-fwd");
  });

  test("counts events, cognitive runs and API calls; end terminates it once", async () => {
    const t0 = Date.now() - 10 * MIN;
    const { session_id } = (await start({ session_id: "sess-count", user_id: "u1", timestamp: t0 })).json();
    assert.equal(session_id, "sess-count");
    const common = { session_id, user_id: "u1" };
    await track("action", { ...common, action: "query", timestamp: t0 + MIN });
    await track("api-request", {
      ...common,
      endpoint: "/chat",
      method: "POST",
      status_code: 200,
      response_time: 80,
      timestamp: t0 + 2 * MIN,
    });
    for (const m of ["memory", "reasoning"]) {
      await track("cognitive-process", {
        ...common,
        membrane_type: m,
        processing_time: 100,
        input_tokens: 10,
        output_tokens: 5,
        success: true,
        timestamp: t0 + 3 * MIN,
      });
    }
    const live = (await get(session_id)).json();
    assert.deepEqual(
      {
        status: live.status,
        events: live.events_count,
        cognitive: live.cognitive_processes,
        api: live.api_calls,
        start: live.start_time,
        last: live.last_activity,
      },
      {
        status: "active",
        events: 4,
        cognitive: 2,
        api: 1,
        start: new Date(t0).toISOString(),
        last: new Date(t0 + 3 * MIN).toISOString(),
      },
    );

    const end = await t.call({ method: "POST", url: `${API}/session/${session_id}/end` });
    assert.equal(end.statusCode, 200);
    assert.deepEqual(end.json(), { status: "session_ended" });
    const ended = (await get(session_id)).json();
    assert.equal(ended.status, "terminated");
    assert.equal(ended.events_count, 4);
    assert.ok(ended.duration_seconds >= 600 && ended.duration_seconds < 660, String(ended.duration_seconds));

    const again = await t.call({ method: "POST", url: `${API}/session/${session_id}/end` });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error, "Session already ended");
  });

  test("a session idle for longer than the timeout is expired, with its duration up to the last activity", async () => {
    const t0 = Date.now() - 90 * MIN;
    await start({ session_id: "sess-old", user_id: "u2", timestamp: t0 });
    await track("action", { session_id: "sess-old", action: "x", timestamp: t0 + 20 * MIN });
    const s = (await get("sess-old")).json();
    assert.equal(s.status, "expired");
    assert.equal(s.duration_seconds, 1200);
    assert.equal(s.end_time, new Date(t0 + 20 * MIN).toISOString());
  });

  test("GET /sessions lists by status and user, newest activity first, with paging", async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++) await start({ session_id: `page-${i}`, user_id: "pager", timestamp: now - i * 1000 });
    const first = await t.call({ method: "GET", url: `${API}/sessions?user_id=pager&limit=2` });
    assert.equal(first.statusCode, 200);
    const page1 = first.json();
    assert.deepEqual(
      page1.sessions.map((s: { session_id: string }) => s.session_id),
      ["page-0", "page-1"],
    );
    assert.ok(page1.next_cursor);
    const page2 = (
      await t.call({ method: "GET", url: `${API}/sessions?user_id=pager&limit=2&cursor=${page1.next_cursor}` })
    ).json();
    assert.deepEqual(
      page2.sessions.map((s: { session_id: string }) => s.session_id),
      ["page-2"],
    );
    assert.equal(page2.next_cursor, null);

    const expired = (
      await t.call({ method: "GET", url: `${API}/sessions?status=expired&since=${now - 120 * MIN}` })
    ).json();
    assert.deepEqual(
      expired.sessions.map((s: { session_id: string }) => s.session_id),
      ["sess-old"],
    );
    const terminated = (await t.call({ method: "GET", url: `${API}/sessions?status=terminated` })).json();
    assert.deepEqual(
      terminated.sessions.map((s: { session_id: string }) => s.session_id),
      ["sess-count"],
    );
  });

  test("an id of up to 128 characters, written through any path, can be read and ended", async () => {
    const ids = [
      "a".repeat(101),
      "b".repeat(128),
      // 128 characters that travel percent-encoded as 768 in the URL.
      "é".repeat(128),
    ];
    for (const session_id of ids) {
      assert.equal((await start({ session_id, user_id: "long" })).statusCode, 201, session_id);
      assert.equal((await track("action", { session_id, action: "x" })).statusCode, 201);
      const path = encodeURIComponent(session_id);
      const read = await t.call({ method: "GET", url: `${API}/sessions/${path}` });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().session_id, session_id);
      assert.equal(read.json().events_count, 1);
      const listed = await t.call({ method: "GET", url: `${API}/events?session_id=${path}` });
      assert.equal(listed.json().events.length, 2);
      const end = await t.call({ method: "POST", url: `${API}/session/${path}/end` });
      assert.equal(end.statusCode, 200, end.body);
    }
    const batch = await t.call({
      method: "POST",
      url: `${API}/track/batch`,
      payload: { events: [{ event_type: "session_start", session_id: "c".repeat(128) }] },
    });
    assert.equal(batch.statusCode, 201);
    assert.equal((await get("c".repeat(128))).statusCode, 200);
  });

  test("an id over 128 characters is a 400 naming it on every path, never a 414", async () => {
    const tooLong = "d".repeat(129);
    const message = "must NOT have more than 128 characters";
    const write = await start({ session_id: tooLong });
    assert.equal(write.statusCode, 400);
    assert.deepEqual(write.json().details, [{ field: "session_id", message }]);
    const tracked = await track("action", { session_id: tooLong, action: "x" });
    assert.deepEqual(tracked.json().details, [{ field: "session_id", message }]);
    for (const id of [tooLong, "e".repeat(5000)]) {
      const read = await get(id);
      assert.equal(read.statusCode, 400, `read ${id.length}`);
      assert.deepEqual(read.json().details, [{ field: "session_id", message }]);
      const end = await t.call({ method: "POST", url: `${API}/session/${id}/end` });
      assert.equal(end.statusCode, 400, `end ${id.length}`);
      assert.deepEqual(end.json().details, [{ field: "session_id", message }]);
    }
    const listed = await t.call({ method: "GET", url: `${API}/events?session_id=${tooLong}` });
    assert.deepEqual(listed.json().details, [{ field: "session_id", message }]);
  });

  test("failure answers: 404 unknown session, 400 bad query, 400 bad body, 401/403", async () => {
    assert.equal((await get("nope")).statusCode, 404);
    const endUnknown = await t.call({ method: "POST", url: `${API}/session/nope/end` });
    assert.equal(endUnknown.statusCode, 404);
    assert.deepEqual(endUnknown.json(), { error: "Session not found" });
    const badStatus = await t.call({ method: "GET", url: `${API}/sessions?status=sleeping` });
    assert.equal(badStatus.statusCode, 400);
    assert.equal(badStatus.json().details[0].field, "status");
    const badSince = await t.call({ method: "GET", url: `${API}/sessions?since=yesterday` });
    assert.deepEqual(badSince.json().details, [{ field: "since", message: TIME_MESSAGE }]);
    const badDate = await t.call({ method: "GET", url: `${API}/sessions?since=${encodeURIComponent("Feb 1, 2026")}` });
    assert.equal(badDate.statusCode, 400);
    assert.deepEqual(badDate.json().details, [{ field: "since", message: TIME_MESSAGE }]);
    const badBody = await start({ user_id: 42 });
    assert.equal(badBody.statusCode, 400);
    assert.equal(badBody.json().details[0].field, "user_id");
    assert.equal((await start({}, {})).statusCode, 201);
    assert.equal((await t.call({ method: "GET", url: `${API}/sessions`, key: null })).statusCode, 401);
    const ingestOnly = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "app", scopes: ["ingest"] } })
    ).json().key;
    assert.equal((await t.call({ method: "GET", url: `${API}/sessions`, key: ingestOnly })).statusCode, 403);
    assert.equal((await t.call({ method: "POST", url: `${API}/session/start`, key: ingestOnly })).statusCode, 201);
  });
});

describe("sessions behind a trusted proxy", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ trustProxy: "127.0.0.1" });
  });
  after(() => t.close());

  test("the forwarded client address is recorded", async () => {
    const res = await t.call({
      method: "POST",
      url: `${API}/session/start`,
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    const s = (await t.call({ method: "GET", url: `${API}/sessions/${res.json().session_id}` })).json();
    assert.equal(s.ip_address, "203.0.113.9");
  });
});
