import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DeniedAttempts, MAX_ADDRESSES, RECORDED_PER_MINUTE } from "../../src/audit/denied-attempts.js";
import type { AuditEntry } from "../../src/audit/recorder.js";

function recorder() {
  const entries: AuditEntry[] = [];
  return { entries, record: async (e: AuditEntry) => void entries.push(e) };
}

const T0 = Date.parse("2026-11-30T06:00:00Z");

describe("DeniedAttempts", () => {
  test("per address and minute: 5 entries, then one count when the minute is over", async () => {
    const audit = recorder();
    let now = T0;
    const denied = new DeniedAttempts(audit, () => now);
    for (let i = 0; i < 12; i++) await denied.note({ ip: "10.0.0.1", status: 401, route: "GET /x" });
    await denied.note({ ip: "10.0.0.2", status: 403, route: "GET /y" });
    assert.equal(audit.entries.length, RECORDED_PER_MINUTE + 1);
    now = T0 + 59_999;
    await denied.flush();
    assert.equal(audit.entries.length, RECORDED_PER_MINUTE + 1, "the minute is not over yet");
    now = T0 + 60_000;
    await denied.note({ ip: "10.0.0.1", status: 401, route: "GET /x" });
    assert.deepEqual(audit.entries.slice(-2), [
      {
        actor: "unknown",
        action: "auth.denied.suppressed",
        target: null,
        ip: "10.0.0.1",
        outcome: "denied",
        details: { count: 7, from: "2026-11-30T06:00:00.000Z", window_seconds: 60 },
      },
      {
        actor: "unknown",
        action: "auth.denied",
        target: "GET /x",
        ip: "10.0.0.1",
        outcome: "denied",
        details: { status: 401 },
      },
    ]);
    await denied.stop();
    assert.equal(audit.entries.length, RECORDED_PER_MINUTE + 3, "10.0.0.2 had nothing suppressed: no count written");
  });

  test("a flood from many addresses shares one counter beyond the tracked addresses", async () => {
    const audit = recorder();
    const denied = new DeniedAttempts(audit, () => T0);
    for (let i = 0; i < MAX_ADDRESSES + 100; i++) {
      await denied.note({ ip: `ip-${i}`, status: 401, route: "GET /x" });
    }
    // Addresses past the cap land in one shared window: 5 recorded, 95 counted.
    assert.equal(audit.entries.length, MAX_ADDRESSES + RECORDED_PER_MINUTE);
    await denied.flush(T0 + 60_000);
    const last = audit.entries.at(-1);
    assert.deepEqual([last?.action, last?.ip, last?.details?.count], ["auth.denied.suppressed", null, 95]);
  });
});
