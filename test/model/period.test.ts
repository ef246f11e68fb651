import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../../src/errors.js";
import { isTimeZone, resolvePeriod } from "../../src/model/period.js";

const NOW = Date.parse("2026-02-10T12:00:00.000Z");
const H = 3_600_000;

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err.details?.[0]?.field;
  }
  assert.fail("expected a ValidationError");
}

describe("resolvePeriod", () => {
  test("defaults to the last 24 hours in UTC, with no comparison", () => {
    assert.deepEqual(resolvePeriod({}, NOW), { from: NOW - 24 * H, to: NOW, timeZone: "UTC", previous: null });
  });

  test("hours counts back from now; compare=previous is the span of the same length just before", () => {
    assert.deepEqual(resolvePeriod({ hours: 6, compare: "previous", tz: "Asia/Kolkata" }, NOW), {
      from: NOW - 6 * H,
      to: NOW,
      timeZone: "Asia/Kolkata",
      previous: { from: NOW - 12 * H, to: NOW - 6 * H },
    });
  });

  test("from/to as ISO 8601 (offset-less is UTC) or epoch ms; from alone runs to now", () => {
    assert.deepEqual(resolvePeriod({ from: "2026-02-01T00:00:00", to: "2026-02-02T00:00:00+01:00" }, NOW), {
      from: Date.parse("2026-02-01T00:00:00Z"),
      to: Date.parse("2026-02-01T23:00:00Z"),
      timeZone: "UTC",
      previous: null,
    });
    assert.equal(resolvePeriod({ from: NOW - H }, NOW).to, NOW);
  });

  test("contradictions are 400s naming the field", () => {
    assert.equal(
      fieldOf(() => resolvePeriod({ hours: 2, from: NOW - H }, NOW)),
      "hours",
    );
    assert.equal(
      fieldOf(() => resolvePeriod({ from: NOW, to: NOW }, NOW)),
      "from",
    );
    assert.equal(
      fieldOf(() => resolvePeriod({ from: NOW - H, to: NOW - 2 * H }, NOW)),
      "from",
    );
    assert.equal(
      fieldOf(() => resolvePeriod({ tz: "Mars/Olympus" }, NOW)),
      "tz",
    );
    assert.equal(
      fieldOf(() => resolvePeriod({ from: 0, to: NOW }, NOW)),
      "from",
    );
  });

  test("time zones are checked against the runtime's IANA database", () => {
    assert.equal(isTimeZone("America/New_York"), true);
    assert.equal(isTimeZone("Europe/Nowhere"), false);
  });
});
