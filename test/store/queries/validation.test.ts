import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../../../src/errors.js";
import { duckDbDialect } from "../../../src/store/duckdb/dialect.js";
import { modelUsage, type UsageKey } from "../../../src/store/queries/model-usage.js";
import type { Measure } from "../../../src/store/queries/parts/measure.js";
import { percentiles } from "../../../src/store/queries/percentiles.js";
import { timeSeries } from "../../../src/store/queries/time-series.js";
import { topValues } from "../../../src/store/queries/top-values.js";
import type { Query } from "../../../src/store/query.js";

const range = { from: 0, to: 1000 };

/** Building the statement is where a bad request shows: a ValidationError naming the field. */
function rejects(build: () => Query<unknown>, field: string, message: RegExp): void {
  assert.throws(
    () => build().statement(duckDbDialect),
    (err: unknown) =>
      err instanceof ValidationError && err.details?.[0]?.field === field && message.test(err.details[0].message),
  );
}

describe("query arguments a caller got wrong", () => {
  test("time series: range, unit, time zone, measure", () => {
    const count: Measure = { fn: "count" };
    rejects(() => timeSeries({ from: 10, to: 5, bucket: { widthMs: 1000 }, measure: count }), "range", /from ≤ to/);
    rejects(
      () => timeSeries({ ...range, bucket: { unit: "year" as "day", timeZone: "UTC" }, measure: count }),
      "bucket.unit",
      /hour, day, week, month/,
    );
    rejects(
      () => timeSeries({ ...range, bucket: { unit: "day", timeZone: "Mars/Olympus" }, measure: count }),
      "bucket.timeZone",
      /unknown time zone 'Mars\/Olympus'/,
    );
    rejects(
      () => timeSeries({ ...range, bucket: { widthMs: 1000 }, measure: { fn: "sum", field: "endpoint" } }),
      "measure.field",
      /'endpoint' is not a numeric field/,
    );
    rejects(
      () =>
        timeSeries({
          ...range,
          bucket: { unit: "day", timeZone: "UTC" },
          measure: { fn: "max" } as unknown as Measure,
        }),
      "measure.fn",
      /unknown 'max'/,
    );
  });

  test("percentiles, top values and model usage name their bad field", () => {
    rejects(() => percentiles({ ...range, field: "method", fractions: [0.5] }), "field", /not a numeric field/);
    rejects(
      () => percentiles({ ...range, field: "cost", fractions: [0.5], by: "secret" }),
      "by",
      /unknown field 'secret'/,
    );
    rejects(() => topValues({ ...range, field: "data", limit: 3 }), "field", /unknown field 'data'/);
    rejects(
      () => modelUsage({ ...range, by: ["endpoint" as UsageKey] }),
      "by",
      /'endpoint' is not model or membrane_type/,
    );
  });
});
