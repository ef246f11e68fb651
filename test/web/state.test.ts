import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apiParams, readState, stateQuery } from "../../web/state.js";

describe("web/state: the view in the URL's query string", () => {
  test("defaults: the executive dashboard over 24 hours compared with the 24 before, no filters", () => {
    assert.deepEqual(readState(""), {
      dashboard: "executive",
      hours: 24,
      from: null,
      to: null,
      compare: true,
      filters: {},
      view: "dashboard",
      report: "executive_summary",
    });
  });

  test("a shared view reads back as it was written", () => {
    const search = "?dashboard=technical&hours=168&compare=off&endpoint=%2Fapi%2Fchat&model=gpt-4o&unknown=1";
    const state = readState(search);
    assert.deepEqual(state.filters, { endpoint: "/api/chat", model: "gpt-4o" });
    assert.equal(
      stateQuery(state).toString(),
      "dashboard=technical&hours=168&compare=off&endpoint=%2Fapi%2Fchat&model=gpt-4o",
    );
    assert.deepEqual(readState(`?${stateQuery(state)}`), state);
  });

  test("the reports view keeps its report", () => {
    const state = readState("?view=reports&report=technical_report&hours=168");
    assert.deepEqual([state.view, state.report, state.hours], ["reports", "technical_report", 168]);
    assert.equal(stateQuery(state).toString(), "view=reports&report=technical_report&dashboard=executive&hours=168");
  });

  test("a custom range is from/to; a bad hours falls back to 24", () => {
    const custom = readState("?from=2026-02-01T00:00:00.000Z&to=2026-02-02T00:00:00.000Z&hours=5");
    assert.deepEqual(
      [custom.hours, custom.from, custom.to],
      [null, "2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"],
    );
    assert.equal(readState("?hours=-3").hours, 24);
    assert.equal(readState("?hours=abc").hours, 24);
    assert.equal(readState("?from=2026-02-01T00:00:00Z").hours, 24, "from without to is no custom range");
  });

  test("the API's parameters: the period, the comparison, the time zone and the filters", () => {
    assert.deepEqual(apiParams(readState("?hours=1&user_id=u1"), "Europe/Paris"), {
      hours: 1,
      compare: "previous",
      tz: "Europe/Paris",
      user_id: "u1",
    });
    assert.deepEqual(apiParams(readState("?from=a&to=b&compare=off"), "UTC"), { from: "a", to: "b", tz: "UTC" });
  });
});
