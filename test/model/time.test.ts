import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Type } from "@sinclair/typebox";
import { MAX_EPOCH_MS, timeSchema, toEpochMs } from "../../src/model/time.js";
import { check } from "../../src/model/validate.js";

/** Runs `fn` with the process in another time zone, so a local-time reading would show. */
function inZone<T>(tz: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe("toEpochMs", () => {
  test("ISO 8601 with Z or an offset, in any of its spellings", () => {
    assert.equal(toEpochMs("2026-02-01T10:00:00Z"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01t10:00:00z"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01 10:00:00Z"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01T12:00:00+02:00"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01T12:00:00+0200"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01T12:00:00+02"), Date.UTC(2026, 1, 1, 10));
    assert.equal(toEpochMs("2026-02-01T05:30:00-04:30"), Date.UTC(2026, 1, 1, 10));
  });

  test("without an offset (the first version's own output) it is UTC, whatever the server's zone", () => {
    for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
      inZone(tz, () => {
        assert.equal(toEpochMs("2026-02-01T10:00:00"), Date.UTC(2026, 1, 1, 10), tz);
        assert.equal(toEpochMs("2026-02-01T10:00:00.123456"), Date.UTC(2026, 1, 1, 10, 0, 0, 123), tz);
      });
    }
  });

  test("fractions keep their milliseconds: shorter ones are scaled, longer ones cut", () => {
    assert.equal(toEpochMs("2026-02-01T10:00:00.5Z"), Date.UTC(2026, 1, 1, 10, 0, 0, 500));
    assert.equal(toEpochMs("2026-02-01T10:00:00.12Z"), Date.UTC(2026, 1, 1, 10, 0, 0, 120));
    assert.equal(toEpochMs("2026-02-01T10:00:00.999999999Z"), Date.UTC(2026, 1, 1, 10, 0, 0, 999));
  });

  test("epoch milliseconds are taken as they are", () => {
    assert.equal(toEpochMs(1_767_268_800_000), 1_767_268_800_000);
    assert.equal(toEpochMs(0), 0);
  });

  test("anything else is NaN", () => {
    assert.ok(Number.isNaN(toEpochMs("Feb 1, 2026")));
    assert.ok(Number.isNaN(toEpochMs("2026-02-01")));
    assert.ok(Number.isNaN(toEpochMs("")));
  });
});

describe("timeSchema", () => {
  const schema = Type.Object({ at: timeSchema("When") });

  test("accepts ISO 8601 with or without an offset, and epoch milliseconds up to the last Date", () => {
    for (const at of [
      "2026-02-01T10:00:00Z",
      "2026-02-01T10:00:00+02:00",
      "2026-02-01T10:00:00",
      "2026-02-01T10:00:00.123456",
      0,
      1_767_268_800_000,
      MAX_EPOCH_MS,
    ]) {
      assert.deepEqual(check(schema, { at }), [], String(at));
    }
    assert.equal(MAX_EPOCH_MS, 8_640_000_000_000_000);
  });

  test("anything else is refused with one message naming the field", () => {
    for (const at of ["Feb 1, 2026", "2026-02-30T10:00:00Z", "2026-02-01", -1, 1.5, MAX_EPOCH_MS + 1, true]) {
      assert.deepEqual(
        check(schema, { at }),
        [{ field: "at", message: "must be ISO 8601 (UTC when it has no offset) or epoch milliseconds" }],
        String(at),
      );
    }
  });

  test("the OpenAPI description says that a time without an offset is UTC", () => {
    assert.match(String(timeSchema("When").description), /without an offset.*UTC/);
  });
});
