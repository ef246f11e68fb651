import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../../src/errors.js";
import { lit, litList } from "../../../src/store/clickhouse/sql.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/url.js";

describe("parseClickHouseUrl", () => {
  test("user, password (decoded), host, port and database", () => {
    assert.deepEqual(parseClickHouseUrl("clickhouse://ana:p%40ss@ch.internal:9123/events_db"), {
      url: "http://ch.internal:9123",
      username: "ana",
      password: "p@ss",
      database: "events_db",
    });
  });

  test("defaults: user default, empty password, port 8123, database analytics; clickhouses:// is HTTPS on 8443", () => {
    assert.deepEqual(parseClickHouseUrl("clickhouse://ch"), {
      url: "http://ch:8123",
      username: "default",
      password: "",
      database: "analytics",
    });
    assert.equal(parseClickHouseUrl("clickhouses://ch/db").url, "https://ch:8443");
  });

  test("a database name that is not a plain identifier is refused", () => {
    assert.throws(() => parseClickHouseUrl("clickhouse://ch/drop;table"), ConfigError);
  });
});

describe("ClickHouse literals", () => {
  test("strings are quoted with quotes and backslashes escaped; numbers must be finite", () => {
    assert.equal(lit("it's a \\ path"), "'it\\'s a \\\\ path'");
    assert.equal(lit(null), "NULL");
    assert.equal(lit(true), "1");
    assert.equal(lit(12), "12");
    assert.equal(lit(1.5), "1.5");
    assert.equal(lit(-3), "-3");
    assert.throws(() => lit(Number.NaN));
    assert.equal(litList([]), "NULL");
    assert.equal(litList(["a", 2]), "'a', 2");
  });
});
