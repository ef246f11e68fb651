import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../../../src/errors.js";
import { clickHouseDialect } from "../../../src/store/clickhouse/dialect.js";
import { duckDbDialect } from "../../../src/store/duckdb/dialect.js";
import { compileFilter, escapeLike, type Filter } from "../../../src/store/sql/filter.js";

const duck = (f: Filter) => duckDbDialect.render(compileFilter(f, duckDbDialect));
const click = (f: Filter) => clickHouseDialect.render(compileFilter(f, clickHouseDialect)).text;

/** The field a ValidationError names, and its message. */
function rejects(f: Filter, field: string, message: RegExp): void {
  assert.throws(
    () => compileFilter(f, duckDbDialect),
    (err: unknown) =>
      err instanceof ValidationError && err.details?.[0]?.field === field && message.test(err.details[0].message),
  );
}

describe("the filter language", () => {
  test("API field names map to columns (timestamp is ts); and/or/not nest with parentheses", () => {
    const f: Filter = {
      and: [
        { field: "timestamp", op: "gte", value: 10 },
        {
          or: [
            { field: "event_type", op: "eq", value: "error" },
            { not: { field: "status_code", op: "lt", value: 500 } },
          ],
        },
      ],
    };
    assert.deepEqual(duck(f), {
      text: "(ts >= $1 AND (event_type = $2 OR NOT (status_code < $3)))",
      params: [10, "error", 500],
    });
    assert.equal(click(f), "(ts >= 10 AND (event_type = 'error' OR NOT (status_code < 500)))");
  });

  test("in, null tests, and the empty groups", () => {
    assert.deepEqual(duck({ field: "method", op: "in", value: ["GET", "POST"] }), {
      text: "method IN ($1, $2)",
      params: ["GET", "POST"],
    });
    assert.equal(click({ field: "method", op: "in", value: [] }), "1 = 0");
    assert.equal(click({ field: "user_id", op: "is_null" }), "user_id IS NULL");
    assert.equal(click({ field: "user_id", op: "not_null" }), "user_id IS NOT NULL");
    assert.equal(click({ and: [] }), "1 = 1");
    assert.equal(click({ or: [] }), "1 = 0");
  });

  test("contains and starts_with escape the pattern's own wildcards", () => {
    assert.equal(escapeLike("100%_\\x"), "100\\%\\_\\\\x");
    assert.deepEqual(duck({ field: "endpoint", op: "contains", value: "50%" }), {
      text: "endpoint LIKE $1 ESCAPE '\\'",
      params: ["%50\\%%"],
    });
    assert.equal(click({ field: "endpoint", op: "starts_with", value: "/a_" }), "like(endpoint, '/a\\\\_%')");
  });

  test("data fields: read from the JSON, by a safe name only", () => {
    assert.deepEqual(duck({ field: "data.reason", op: "eq", value: "logout" }), {
      text: "json_extract_string(data, $1) = $2",
      params: ["$.reason", "logout"],
    });
    assert.equal(
      click({ field: "data.score", op: "gt", value: 2 }),
      "if(visitParamHas(data, 'score'), visitParamExtractFloat(data, 'score'), NULL) > 2",
    );
    rejects({ field: "data.a')--", op: "eq", value: "x" }, "filter.field", /lower-case letters, digits and _/);
  });

  test("an unknown field, a wrong kind of value or operator is a ValidationError naming where", () => {
    rejects({ field: "password", op: "eq", value: "x" }, "filter.field", /unknown field 'password'/);
    rejects({ and: [{ field: "ts", op: "eq", value: 1 }] }, "filter.and[0].field", /unknown field 'ts'/);
    rejects({ field: "status_code", op: "eq", value: "200" }, "filter.value", /a whole number/);
    rejects({ field: "status_code", op: "eq", value: 2.5 }, "filter.value", /a whole number/);
    rejects({ field: "response_time", op: "lt", value: Number.NaN }, "filter.value", /a number/);
    rejects({ field: "success", op: "eq", value: 1 }, "filter.value", /true or false/);
    rejects({ field: "user_id", op: "eq", value: 5 }, "filter.value", /a string/);
    rejects({ field: "status_code", op: "contains", value: "5" }, "filter.op", /need a text field/);
    rejects({ field: "user_id", op: "like" } as unknown as Filter, "filter.op", /unknown operator 'like'/);
  });
});
