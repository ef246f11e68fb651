import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AuditLog } from "../../src/audit/audit-log.js";
import { LIBRARY } from "../../src/audit/audited.js";
import { ValidationError } from "../../src/errors.js";
import type { ScheduleInput } from "../../src/schedules/schedule.js";
import type { ReportRunRecord } from "../../src/store/port.js";
import { at, hook, type ReportFixture, reportFixture, schedulesOn } from "./fixture.js";
import { attachment, header, smtpReceiver } from "./smtp-receiver.js";

const DUE = at("2026-03-10T09:00:00Z");
const daily = (recipients: ScheduleInput["recipients"], name = "Ops daily"): ScheduleInput => ({
  name,
  cron: "0 9 * * *",
  report_type: "technical_report",
  period: 1,
  format: "json",
  recipients,
});

/** The technical report of 08:00–09:00 UTC: the fixture's four requests (10, 20, 30, 40 ms). */
function assertReport(body: string): void {
  const r = JSON.parse(body);
  assert.equal(r.report_type, "technical_report");
  assert.deepEqual(r.period, {
    start: "2026-03-10T08:00:00.000Z",
    end: "2026-03-10T09:00:00.000Z",
    duration_hours: 1,
    time_zone: "UTC",
  });
  assert.equal(r.performance.total_requests, 4);
  assert.equal(r.performance.avg_response_time, 25);
  // numpy's linear rule over 10, 20, 30, 40: 30 + 0.85 × 10.
  assert.equal(r.performance.p95_response_time, 38.5);
}

describe("scheduled reports: delivery", () => {
  let f: ReportFixture;
  before(async () => {
    f = await reportFixture();
  });
  after(() => f?.close());

  /** Schedules sending through the test's SMTP server as user `reports`. */
  const mailer = async (port: number, password: string, clock: { now: number }) =>
    schedulesOn(f, await f.store(`mail-${port}`), "node-mail", clock, {
      smtpHost: "127.0.0.1",
      smtpPort: port,
      smtpUser: "reports",
      smtpPassword: password,
    });

  test("e-mail over SMTP: the report as an attachment, from smtpFrom to each address, logged in", async () => {
    const smtp = await smtpReceiver({ user: "reports", password: "s3cret" });
    const clock = { now: DUE - 60_000 };
    const s = await mailer(smtp.port, "s3cret", clock);
    try {
      const made = await s.create(daily({ emails: ["ops@example.com", "cto@example.com"] }, "Mail daily"), LIBRARY);
      assert.deepEqual(await s.scheduler.tick(), []);
      clock.now = DUE + 5_000;
      const [run] = await s.scheduler.tick();
      assert.equal(run?.status, "delivered");
      assert.equal(smtp.mails.length, 2);
      const byRecipient = new Map(smtp.mails.map((m) => [m.to.join(","), m]));
      for (const to of ["ops@example.com", "cto@example.com"]) {
        const mail = byRecipient.get(to);
        assert.ok(mail, to);
        assert.equal(mail.from, "reports@analytics.test");
        assert.equal(
          header(mail.raw, "Subject"),
          "Mail daily: technical report from 2026-03-10T08:00:00.000Z to 2026-03-10T09:00:00.000Z (UTC)",
        );
        assert.equal(header(mail.raw, "X-Report-Run"), `${made.id}@${DUE}`);
        const name = /filename="?([^";\r\n]+)"?/.exec(mail.raw)?.[1] ?? "";
        assert.match(name, /^technical_report_\d{8}_\d{6}\.json$/);
        assertReport(attachment(mail.raw, name) ?? "");
      }
    } finally {
      await s.stop();
      await smtp.close();
    }
  });

  test("SMTP that refuses the login: retried, then failed with the server's answer in the log", async () => {
    const smtp = await smtpReceiver({ user: "reports", password: "right" });
    // Created a minute before the 09:00 run is due, looked at a second after.
    const clock = { now: DUE - 60_000 };
    const s = await mailer(smtp.port, "wrong", clock);
    try {
      await s.create(daily({ emails: ["ops@example.com"] }, "Mail refused"), LIBRARY);
      clock.now = DUE + 1_000;
      const [run] = await s.scheduler.tick();
      const [log] = await s.deliveries({ schedule: run?.schedule_id as string });
      assert.equal(log?.status, "failed");
      const d = log?.deliveries[0];
      assert.equal(d?.channel, "email");
      assert.equal(d?.status, "failed");
      // 535 is an SMTP 5xx: a refusal, not worth a second attempt.
      assert.equal(d?.attempts, 1);
      assert.match(d?.last_error ?? "", /535/);
      assert.equal(smtp.mails.length, 0);
    } finally {
      await s.stop();
      await smtp.close();
    }
  });

  test("webhook and directory: the report POSTed with its metadata, and written under <data>/reports", async () => {
    const h = await hook();
    // Created a minute before the 09:00 run is due, looked at a second after.
    const clock = { now: DUE - 60_000 };
    const s = schedulesOn(f, await f.store("node-hook"), "node-hook", clock);
    try {
      const made = await s.create(daily({ webhooks: [h.url], directory: true }, "Hook daily"), LIBRARY);
      clock.now = DUE + 1_000;
      const [run] = await s.scheduler.tick();
      assert.equal(run?.status, "delivered");
      assert.equal(h.received.length, 1);
      const got = h.received[0];
      assert.equal(got?.headers["content-type"], "application/json; charset=utf-8");
      const meta = JSON.parse(String(got?.headers["x-report-metadata"]));
      assert.deepEqual(
        { ...meta, file_name: "" },
        {
          run_id: `${made.id}@${DUE}`,
          schedule_id: made.id,
          schedule_name: "Hook daily",
          report_type: "technical_report",
          format: "json",
          due_at: "2026-03-10T09:00:00.000Z",
          period: { from: "2026-03-10T08:00:00.000Z", to: "2026-03-10T09:00:00.000Z", tz: "UTC" },
          file_name: "",
        },
      );
      assertReport(got?.body ?? "");
      const files = await readdir(join(f.dir, "reports"));
      assert.deepEqual(files, ["Hook_daily_technical_report_20260310_090000.json"]);
      assertReport(await readFile(join(f.dir, "reports", files[0] as string), "utf8"));
    } finally {
      await s.stop();
      await h.close();
    }
  });

  test("run now: an HTML report to the directory, audited; a second run at the same moment is a conflict", async () => {
    const store = await f.store("run-now");
    const clock = { now: at("2026-03-10T09:00:00Z") };
    const s = schedulesOn(f, store, "node-now", clock);
    try {
      const made = await s.create(
        { ...daily({ directory: true }, "Now page"), format: "html", enabled: false },
        { actor: "key-1", ip: "10.0.0.9" },
      );
      const run = await s.runNow(made.id, { actor: "key-1", ip: "10.0.0.9" });
      assert.deepEqual(
        [run.status, run.manual, run.due_at, run.report?.content_type, run.report?.from, run.report?.to],
        [
          "delivered",
          true,
          "2026-03-10T09:00:00.000Z",
          "text/html; charset=utf-8",
          "2026-03-10T08:00:00.000Z",
          "2026-03-10T09:00:00.000Z",
        ],
      );
      const page = await readFile(join(f.dir, "reports", "Now_page_technical_report_20260310_090000.html"), "utf8");
      assert.match(page, /^<!DOCTYPE html>/i);
      assert.equal(Buffer.byteLength(page), run.report?.bytes);
      await assert.rejects(s.runNow(made.id, LIBRARY), (err: Error) => err.name === "ConflictError");
      await assert.rejects(s.runNow("nope", LIBRARY), (err: Error) => err.name === "NotFoundError");
      const audit = await new AuditLog(store).page({ limit: 10 });
      assert.deepEqual(audit.map((e) => [e.action, e.actor, e.ip, e.outcome]).reverse(), [
        ["reports.schedule.create", "key-1", "10.0.0.9", "ok"],
        ["reports.schedule.run", "key-1", "10.0.0.9", "ok"],
        ["reports.schedule.run", "library", null, "failed"],
      ]);
    } finally {
      await s.stop();
    }
  });

  test("a failing receiver is retried with back-off; the log shows every attempt as it ends", async () => {
    const flaky = await hook([500, 503]);
    const down = await hook([], 500);
    const gone = await hook([404]);
    // Created a minute before the 09:00 run is due, looked at a second after.
    const clock = { now: DUE - 60_000 };
    const store = await f.store("retry");
    const s = schedulesOn(f, store, "node-retry", clock);
    const saved: ReportRunRecord[] = [];
    const save = store.saveReportRun.bind(store);
    store.saveReportRun = async (r) => {
      saved.push(r);
      await save(r);
    };
    try {
      const made = await s.create(daily({ webhooks: [flaky.url, down.url, gone.url] }, "Retry daily"), LIBRARY);
      clock.now = DUE + 1_000;
      const [run] = await s.scheduler.tick();
      assert.equal(run?.status, "partial");
      const [log] = await s.deliveries({ schedule: made.id });
      const view = (log?.deliveries ?? []).map((d) => [d.target, d.status, d.attempts, d.last_error]);
      assert.deepEqual(view, [
        [flaky.url, "delivered", 3, null],
        [down.url, "failed", 3, "HTTP 500"],
        [gone.url, "failed", 1, "HTTP 404"],
      ]);
      assert.ok(log?.deliveries.every((d) => d.at === new Date(DUE + 1_000).toISOString()));
      assert.deepEqual([flaky.calls(), down.calls(), gone.calls()], [3, 3, 1]);
      // The flaky receiver's entry, write by write: each attempt recorded as it ended.
      const flakyTrail = saved
        .filter((r) => r.schedule_id === made.id)
        .map((r) => JSON.parse(r.details).deliveries[0])
        .map((d: { status: string; attempts: number; last_error: string | null }) => [
          d.status,
          d.attempts,
          d.last_error,
        ]);
      assert.deepEqual(
        flakyTrail.filter((x, i) => i === 0 || JSON.stringify(x) !== JSON.stringify(flakyTrail[i - 1])),
        [
          ["pending", 0, null],
          ["pending", 1, "HTTP 500"],
          ["pending", 2, "HTTP 503"],
          ["delivered", 3, null],
        ],
      );
    } finally {
      store.saveReportRun = save;
      await s.stop();
      await Promise.all([flaky.close(), down.close(), gone.close()]);
    }
  });

  test("a report that cannot be made: retried, then the run fails with why; nothing is sent", async () => {
    const h = await hook();
    // Created a minute before the 09:00 run is due, looked at a second after.
    const clock = { now: DUE - 60_000 };
    let asked = 0;
    const s = schedulesOn(f, await f.store("node-broken"), "node-broken", clock, {}, async () => {
      asked += 1;
      throw new Error("store unreachable");
    });
    try {
      const made = await s.create(daily({ webhooks: [h.url] }, "Broken daily"), LIBRARY);
      clock.now = DUE + 1_000;
      await s.scheduler.tick();
      const [log] = await s.deliveries({ schedule: made.id });
      assert.equal(log?.status, "failed");
      assert.equal(log?.error, "the report could not be made (3 attempts): store unreachable");
      assert.equal(log?.report, null);
      assert.deepEqual([asked, h.calls()], [3, 0]);
    } finally {
      await s.stop();
      await h.close();
    }
  });
  test("a report the reports refuse (a 4xx) is not asked for again", async () => {
    const clock = { now: DUE - 60_000 };
    let asked = 0;
    const s = schedulesOn(f, await f.store("refused"), "node-refused", clock, {}, async () => {
      asked += 1;
      throw new ValidationError("Invalid period", [{ field: "tz", message: "is not a known IANA time zone" }]);
    });
    try {
      const made = await s.create(daily({ directory: true }, "Refused daily"), LIBRARY);
      clock.now = DUE + 1_000;
      await s.scheduler.tick();
      const [log] = await s.deliveries({ schedule: made.id });
      assert.deepEqual(
        [log?.status, log?.error, asked],
        ["failed", "the report could not be made (1 attempt): Invalid period", 1],
      );
    } finally {
      await s.stop();
    }
  });
});

describe("scheduled reports: once per cluster, caught up after a restart", () => {
  let f: ReportFixture;
  before(async () => {
    f = await reportFixture();
  });
  after(() => f?.close());

  test("a restart across a due run delivers it exactly once; missed occurrences are caught up once", async () => {
    const h = await hook();
    const clock = { now: DUE - 10 * 60_000 };
    const store = await f.store("restart");
    const first = schedulesOn(f, store, "node-a", clock);
    const made = await first.create(daily({ webhooks: [h.url] }, "Restart daily"), LIBRARY);
    first.start();
    await first.scheduler.idle();
    await first.stop();
    assert.equal(h.calls(), 0);

    // Down across 09:00; the same node comes back at 09:20 and catches the run up at its first look.
    clock.now = DUE + 20 * 60_000;
    const second = schedulesOn(f, store, "node-a", clock);
    second.start();
    await second.scheduler.idle();
    assert.equal(h.calls(), 1);
    assertReport(h.received[0]?.body ?? "");
    // Later looks, and a third start of the same node, find the run recorded.
    assert.deepEqual(await second.scheduler.tick(), []);
    await second.stop();
    const third = schedulesOn(f, store, "node-a", clock);
    third.start();
    await third.scheduler.idle();
    assert.equal(h.calls(), 1);
    await third.stop();

    // Down for three days: the latest missed occurrence (13 March) runs once, not one per day.
    clock.now = at("2026-03-13T15:00:00Z");
    const fourth = schedulesOn(f, store, "node-a", clock);
    const caught = await fourth.scheduler.tick();
    assert.deepEqual(
      caught.map((r) => [r.due_at, r.status]),
      [[at("2026-03-13T09:00:00Z"), "delivered"]],
    );
    assert.deepEqual(await fourth.scheduler.tick(), []);
    await fourth.stop();
    assert.equal(h.calls(), 2);
    const log = await fourth.deliveries({ schedule: made.id });
    assert.deepEqual(
      log.map((r) => [r.due_at, r.status, r.manual]),
      [
        ["2026-03-13T09:00:00.000Z", "delivered", false],
        ["2026-03-10T09:00:00.000Z", "delivered", false],
      ],
    );
    await h.close();
  });

  test("a run its node left unfinished (died mid-delivery) is taken over once silent for 30 minutes", async () => {
    const done = await hook();
    const owed = await hook();
    const store = await f.store("resume");
    const clock = { now: DUE - 60_000 };
    const s = schedulesOn(f, store, "node-b", clock);
    try {
      const made = await s.create(daily({ webhooks: [done.url, owed.url] }, "Resumed daily"), LIBRARY);
      const gone = await s.create(daily({ directory: true }, "Deleted daily"), LIBRARY);
      // What a node that died at 09:00:05 left: the first webhook served, the second after one failed attempt.
      const entry = (target: string, status: string, attempts: number, error: string | null) => ({
        channel: "webhook",
        target,
        status,
        attempts,
        last_error: error,
        at: DUE + 5_000,
      });
      const left = (scheduleId: string, deliveries: unknown[]) => ({
        id: `${scheduleId}@${DUE}`,
        schedule_id: scheduleId,
        due_at: DUE,
        claimed_by: "node-b/dead",
        status: "running" as const,
        started_at: DUE + 1_000,
        updated_at: DUE + 5_000,
        details: JSON.stringify({ manual: false, report: null, error: null, deliveries }),
      });
      assert.equal(
        await store.claimReportRun(
          left(made.id, [entry(done.url, "delivered", 1, null), entry(owed.url, "pending", 1, "HTTP 500")]),
        ),
        true,
      );
      assert.equal(await store.claimReportRun(left(gone.id, [])), true);
      await s.remove(gone.id, LIBRARY);

      clock.now = DUE + 20 * 60_000;
      assert.deepEqual(await s.scheduler.tick(), []);
      clock.now = DUE + 31 * 60_000;
      const resumed = await s.scheduler.tick();
      assert.deepEqual(
        resumed.map((r) => [r.schedule_id, r.status]).sort(),
        [
          [made.id, "delivered"],
          [gone.id, "failed"],
        ].sort(),
      );
      assert.deepEqual([done.calls(), owed.calls()], [0, 1]);
      assertReport(owed.received[0]?.body ?? "");
      const [log] = await s.deliveries({ schedule: made.id });
      assert.deepEqual(
        log?.deliveries.map((d) => [d.status, d.attempts, d.last_error]),
        [
          ["delivered", 1, null],
          ["delivered", 2, null],
        ],
      );
      const [deleted] = await s.deliveries({ schedule: gone.id });
      assert.equal(deleted?.error, "the schedule was deleted before its run ended");
      assert.deepEqual(await s.scheduler.tick(), []);
    } finally {
      await s.stop();
      await done.close();
      await owed.close();
    }
  });

  test("two schedulers on one store deliver a due run once, whichever holds the lease", async () => {
    const h = await hook();
    const clock = { now: at("2026-03-11T08:00:00Z") };
    const store = await f.store("pair");
    const a = schedulesOn(f, store, "node-x", clock);
    const b = schedulesOn(f, store, "node-y", clock);
    try {
      await a.create({ ...daily({ webhooks: [h.url] }, "Pair daily"), cron: "30 8 * * *" }, LIBRARY);
      clock.now = at("2026-03-11T08:30:10Z");
      const runs = (await Promise.all([a.scheduler.tick(), b.scheduler.tick()])).flat();
      assert.deepEqual(
        runs.map((r) => [r.due_at, r.status]),
        [[at("2026-03-11T08:30:00Z"), "delivered"]],
      );
      // Past the lease's life (two intervals) the other node may take it: the run is recorded, nothing is sent again.
      clock.now = at("2026-03-11T10:31:00Z");
      const again = (await Promise.all([b.scheduler.tick(), a.scheduler.tick()])).flat();
      assert.deepEqual(again, []);
      assert.equal(h.calls(), 1);
    } finally {
      await a.stop();
      await b.stop();
      await h.close();
    }
  });
});
