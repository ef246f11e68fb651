import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { changePct, changeTone, formatAgo, formatChange, formatTick, formatValue } from "../../web/format.js";

describe("web/format: figures as the page shows them", () => {
  test("no value is a dash, never 0; units", () => {
    assert.equal(formatValue(null), "—");
    assert.equal(formatValue(undefined, "ms"), "—");
    assert.equal(formatValue(Number.NaN), "—");
    assert.equal(formatValue(0), "0");
    assert.equal(formatValue(1, "events"), "1 event");
    assert.equal(formatValue(2, "events"), "2 events");
    assert.equal(formatValue(1234.567), (1234.57).toLocaleString());
    assert.equal(formatValue(250, "ms"), `${(250).toLocaleString()} ms`);
    assert.equal(formatValue(12_500, "ms"), `${(12.5).toLocaleString()} s`);
    assert.equal(formatValue(2.5, "%"), `${(2.5).toLocaleString()} %`);
    assert.equal(formatValue(0.01234, "USD"), "$0.0123");
    assert.equal(formatValue(3, "tokens/s"), "3 tokens/s");
  });

  test("axis ticks keep ms, % and $ but drop counting units", () => {
    assert.equal(formatTick(200, "events"), "200");
    assert.equal(formatTick(200, "ms"), "200 ms");
    assert.equal(formatTick(5, "%"), "5 %");
    assert.equal(formatTick(2, "USD"), "$2");
  });

  test("a rise is bad where lower is better, good where higher is; neutral without a direction", () => {
    assert.equal(changeTone(12, "lower"), "bad");
    assert.equal(changeTone(-12, "lower"), "good");
    assert.equal(changeTone(12, "higher"), "good");
    assert.equal(changeTone(-3, "higher"), "bad");
    assert.equal(changeTone(12, null), "neutral");
    assert.equal(changeTone(0, "lower"), "neutral");
    assert.equal(changeTone(null, "lower"), "neutral");
  });

  test("changes against the previous period", () => {
    assert.equal(changePct(150, 100), 50);
    assert.equal(changePct(50, 100), -50);
    assert.equal(changePct(5, -10), 150);
    assert.equal(changePct(5, 0), null, "nothing to compare with");
    assert.equal(changePct(null, 3), null);
    assert.equal(formatChange(50), "▲ 50 % vs previous");
    assert.equal(formatChange(-12.345), `▼ ${(12.35).toLocaleString()} % vs previous`);
    assert.equal(formatChange(null), "no previous data");
    // From 1 to 5,679 (+567,800 %) and from 10 to 105 (+950 %): a multiple.
    assert.equal(formatChange(567_800), `▲ ${(5679).toLocaleString()}× vs previous`);
    assert.equal(formatChange(950), `▲ ${(10.5).toLocaleString()}× vs previous`);
    // From 2 to 4,959: a whole multiple past 100×.
    assert.equal(formatChange(247_850), `▲ ${(2480).toLocaleString()}× vs previous`);
    assert.equal(formatChange(899), `▲ ${(899).toLocaleString()} % vs previous`);
  });

  test("freshness", () => {
    const now = Date.parse("2026-02-01T10:00:00Z");
    assert.equal(formatAgo(null, now), "no events yet");
    assert.equal(formatAgo("2026-02-01T09:59:30Z", now), "30 s ago");
    assert.equal(formatAgo("2026-02-01T09:15:00Z", now), "45 min ago");
    assert.equal(formatAgo("2026-02-01T07:00:00Z", now), "3 h ago");
    assert.equal(formatAgo("2026-01-30T10:00:00Z", now), "2 d ago");
  });
});
