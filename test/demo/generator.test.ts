import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { countDemoEvents, type DemoEvent, generateDemoDay, planDemoDay } from "../../src/demo/generator.js";
import { runDemo } from "../../src/demo/run-demo.js";
import { toSnakeBody } from "../../src/model/case.js";
import { DEFAULT_LIMITS } from "../../src/model/limits.js";
import { buildEventSchemas } from "../../src/model/schemas.js";
import { check } from "../../src/model/validate.js";
import { AnalyticsService } from "../../src/service.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { statsOf } from "../helpers/store-reads.js";

const DAY = 86_400_000;
const MINUTE = 60_000;
// A fixed end keeps the pure tests deterministic; the service test uses the current time instead.
const END = Date.UTC(2026, 0, 15, 12, 0, 0);
const SEEDS = [1, 2, 3, 4, 5];
const USERS = 50;

const days = new Map<number, DemoEvent[]>();
function day(seed: number): DemoEvent[] {
  let events = days.get(seed);
  if (!events) {
    events = [...generateDemoDay({ seed, users: USERS, end: END })];
    days.set(seed, events);
  }
  return events;
}

const ofType = (events: DemoEvent[], type: string) => events.filter((e) => e.eventType === type);

test("the same seed and end give the same events; another seed gives others", () => {
  const again = [...generateDemoDay({ seed: 1, users: USERS, end: END })];
  assert.deepEqual(again, day(1));
  assert.notDeepEqual(day(2).slice(0, 50), day(1).slice(0, 50));
  assert.equal(countDemoEvents({ seed: 1, users: USERS, end: END }), day(1).length);
});

test("event ids are unique and name the seed and the end", () => {
  for (const seed of SEEDS) {
    const ids = new Set(day(seed).map((e) => e.eventId));
    assert.equal(ids.size, day(seed).length);
    assert.ok(day(seed).every((e) => e.eventId.startsWith(`demo-${seed}-${END.toString(36)}-`)));
  }
  const otherDay = generateDemoDay({ seed: 1, users: USERS, end: END + DAY }).next().value;
  assert.ok(otherDay && !day(1).some((e) => e.eventId === otherDay.eventId));
});

test("events are in time order, inside the day before the end", () => {
  for (const seed of SEEDS) {
    let last = END - DAY;
    for (const e of day(seed)) {
      assert.ok(Number.isInteger(e.timestamp), `${e.eventId} has a whole-ms timestamp`);
      assert.ok(e.timestamp >= last, `${e.eventId} is in order`);
      last = e.timestamp;
    }
    assert.ok(last <= END);
  }
});

test("every event satisfies its schema", () => {
  const schemas = buildEventSchemas(DEFAULT_LIMITS);
  for (const seed of SEEDS) {
    for (const e of day(seed)) {
      const errors = check(schemas.batchItem[e.eventType], toSnakeBody(e));
      assert.deepEqual(errors, [], `${e.eventId} (${e.eventType}) ${JSON.stringify(e)}`);
    }
  }
});

test("the day has sessions, every kind of event, and a metric every minute", () => {
  for (const seed of SEEDS) {
    const events = day(seed);
    const plan = planDemoDay({ seed, users: USERS, end: END });
    const starts = ofType(events, "session_start");
    assert.equal(new Set(starts.map((e) => e.userId)).size, USERS, "every user has a session");
    assert.ok(starts.length >= USERS && starts.length <= 4 * USERS);
    const ends = ofType(events, "session_end").length;
    assert.ok(ends < starts.length && ends > 0.8 * starts.length, "most sessions end, some are left open");
    for (const type of ["user_action", "api_request", "cognitive_process", "error", "performance"]) {
      assert.ok(ofType(events, type).length > 0, `has ${type}`);
    }
    const metrics = ofType(events, "system_metric");
    assert.ok(metrics.length >= 1_440 && metrics.length <= 1_441);
    assert.ok(metrics.every((m, i) => i === 0 || m.timestamp - (metrics[i - 1]?.timestamp ?? 0) === MINUTE));
    assert.ok(plan.trafficSpike.end <= plan.errorBurst.start || plan.errorBurst.end <= plan.trafficSpike.start);
  }
});

test("cognitive runs cover memory, reasoning and grammar, with a few failures", () => {
  for (const seed of SEEDS) {
    const runs = ofType(day(seed), "cognitive_process");
    assert.deepEqual(new Set(runs.map((r) => r.membraneType)), new Set(["memory", "reasoning", "grammar"]));
    const failed = runs.filter((r) => !r.success);
    const share = failed.length / runs.length;
    assert.ok(share > 0.01 && share < 0.06, `failure share ${share}`);
    assert.ok(failed.every((r) => typeof r.errorMessage === "string" && r.errorMessage.length > 0));
    assert.ok(runs.filter((r) => r.success).every((r) => r.errorMessage === null));
  }
});

test("api requests are mostly 2xx, with some 4xx and 1-6% 5xx", () => {
  for (const seed of SEEDS) {
    const codes = ofType(day(seed), "api_request").map((r) => r.statusCode as number);
    const share = (lo: number, hi: number) => codes.filter((c) => c >= lo && c < hi).length / codes.length;
    assert.ok(share(500, 600) > 0.01 && share(500, 600) < 0.06, `5xx share ${share(500, 600)}`);
    assert.ok(share(400, 500) > 0.01 && share(400, 500) < 0.1, `4xx share ${share(400, 500)}`);
    assert.ok(share(200, 300) > 0.85);
  }
});

test("the traffic spike has more events than the windows around it", () => {
  for (const seed of SEEDS) {
    const events = day(seed).filter((e) => e.eventType !== "system_metric");
    const { trafficSpike: spike } = planDemoDay({ seed, users: USERS, end: END });
    const count = (from: number, to: number) => events.filter((e) => e.timestamp >= from && e.timestamp < to).length;
    const during = count(spike.start, spike.end);
    const before = count(spike.start - 20 * MINUTE, spike.start);
    const after = count(spike.end, spike.end + 20 * MINUTE);
    assert.ok(during > 1.5 * Math.max(before, after), `spike ${during} vs ${before} before, ${after} after`);
  }
});

test("the error burst has a far higher share of 5xx than the day", () => {
  // Pooled over the seeds: with 50 users a 15-minute window holds only a few dozen requests.
  let burst = [0, 0];
  let all = [0, 0];
  for (const seed of SEEDS) {
    const { errorBurst } = planDemoDay({ seed, users: USERS, end: END });
    for (const e of ofType(day(seed), "api_request")) {
      const failed = (e.statusCode as number) >= 500 ? 1 : 0;
      all = [(all[0] ?? 0) + failed, (all[1] ?? 0) + 1];
      if (e.timestamp >= errorBurst.start && e.timestamp < errorBurst.end) {
        burst = [(burst[0] ?? 0) + failed, (burst[1] ?? 0) + 1];
      }
    }
  }
  const share = ([failed, n]: number[]) => (failed ?? 0) / Math.max(1, n ?? 0);
  assert.ok(share(burst) > 4 * share(all), `burst ${share(burst)} vs day ${share(all)}`);
});

test("the demo code never uses Math.random", async () => {
  const dir = new URL("../../src/demo/", import.meta.url);
  for (const name of await readdir(dir)) {
    const text = await readFile(new URL(name, dir), "utf8");
    assert.ok(!text.includes("Math.random"), `${name} uses Math.random`);
  }
});

test("runDemo stores a whole default-size day through the library, and a re-run adds nothing", async () => {
  const dataDirectory = await mkdtemp(join(tmpdir(), "dte-demo-"));
  // The service rejects times in the future and past the retention window, so the day must end now.
  const options = { seed: 11, end: Math.floor(Date.now() / MINUTE) * MINUTE };
  try {
    const service = new AnalyticsService({ dataDirectory });
    await service.start();
    const progress: Array<[number, number]> = [];
    const result = await runDemo(service, { ...options, onProgress: (d, t) => progress.push([d, t]) });
    await service.stop();

    assert.equal(result.rejected, 0);
    assert.equal(result.users, 300);
    const total = countDemoEvents(options);
    assert.equal(result.events, total);
    assert.deepEqual(progress[0], [0, total]);
    assert.deepEqual(progress.at(-1), [total, total]);
    assert.ok(progress.length >= Math.ceil(total / 5_000));

    const again = new AnalyticsService({ dataDirectory });
    await again.start();
    try {
      const stats = await statsOf(again.store);
      assert.equal(stats.total_events, total);
      assert.ok((stats.oldest_event ?? 0) >= options.end - DAY && (stats.newest_event ?? Infinity) <= options.end);
      const starts = await again.store.run(eventsPage({ eventType: "session_start", limit: 10_000 }));
      assert.equal(starts.length, result.sessions);

      // Same seed and end: the same event ids, so nothing is stored twice.
      const rerun = await runDemo(again, { ...options, batchSize: 10_000 });
      assert.equal(rerun.events, total);
      await again.pipeline.drain();
      assert.equal((await statsOf(again.store)).total_events, total);
    } finally {
      await again.stop();
    }
  } finally {
    await rm(dataDirectory, { recursive: true, force: true });
  }
});
