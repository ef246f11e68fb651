import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../../../src/errors.js";
import { duckDbDialect } from "../../../src/store/duckdb/dialect.js";
import { type BucketAggregate, bucketAggregates } from "../../../src/store/queries/bucket-aggregates.js";

const range = { from: 0, to: 3_600_000, bucket: { widthMs: 60_000 } };

function fieldOf(aggregates: Record<string, BucketAggregate>): string | undefined {
  try {
    bucketAggregates({ ...range, aggregates }).statement(duckDbDialect);
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return `${err.details?.[0]?.field}: ${err.details?.[0]?.message}`;
  }
  assert.fail("expected a ValidationError");
}

test("bad aggregates are 400s naming what is wrong", () => {
  assert.equal(fieldOf({}), "aggregates: needs at least one");
  assert.equal(fieldOf({ "Bad-Name": { fn: "count" } }), "aggregates: 'Bad-Name' is not a lower-case name");
  assert.match(
    fieldOf({ s: { fn: "sum", field: "action" } }) ?? "",
    /^aggregates\.s\.field: 'action' is not a numeric field/,
  );
  assert.match(fieldOf({ u: { fn: "distinct", field: "nope" } }) ?? "", /^aggregates\.u\.field: unknown field 'nope'/);
  assert.match(
    fieldOf({ c: { fn: "count", filter: { field: "nope", op: "eq", value: 1 } } }) ?? "",
    /^aggregates\.c\.filter\.field: unknown field 'nope'/,
  );
});
