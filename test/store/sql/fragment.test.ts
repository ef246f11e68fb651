import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickHouseDialect } from "../../../src/store/clickhouse/dialect.js";
import { duckDbDialect } from "../../../src/store/duckdb/dialect.js";
import { count, fraction, join, sql, trusted, wholeMs } from "../../../src/store/sql/fragment.js";

describe("sql fragments", () => {
  const user = "o'brien \\ $1";
  const f = sql`SELECT * FROM events WHERE ${join([sql`user_id = ${user}`, sql`ts >= ${5}`, sql`ok = ${true}`], " AND ")} LIMIT ${count(10, "limit")}`;

  test("DuckDB: values become numbered parameters, in order; none enters the text", () => {
    assert.deepEqual(duckDbDialect.render(f), {
      text: "SELECT * FROM events WHERE user_id = $1 AND ts >= $2 AND ok = $3 LIMIT 10",
      params: [user, 5, true],
    });
  });

  test("ClickHouse: values are quoted in place by the one literal function", () => {
    assert.deepEqual(clickHouseDialect.render(f), {
      text: "SELECT * FROM events WHERE user_id = 'o\\'brien \\\\ $1' AND ts >= 5 AND ok = 1 LIMIT 10",
      params: [],
    });
  });

  test("nested fragments keep their values; an empty join is empty text", () => {
    const inner = sql`a = ${1}`;
    const outer = sql`(${inner}) OR (${sql`b = ${"x"} AND ${inner}`})`;
    assert.deepEqual(duckDbDialect.render(outer), { text: "(a = $1) OR (b = $2 AND a = $3)", params: [1, "x", 1] });
    assert.deepEqual(duckDbDialect.render(join([], ", ")), { text: "", params: [] });
    assert.deepEqual(duckDbDialect.render(trusted("count(*)")), { text: "count(*)", params: [] });
  });

  test("numbers written as text are checked", () => {
    assert.throws(() => count(-1, "limit"), /limit must be a whole number/);
    assert.throws(() => count(1.5, "limit"), /limit must be a whole number/);
    assert.throws(() => wholeMs(0), /whole number of ms > 0/);
    assert.throws(() => fraction(1.2), /in \[0, 1\]/);
    assert.deepEqual(duckDbDialect.render(fraction(0.95)).text, "0.95");
  });
});
