import assert from "node:assert/strict";
import { test } from "node:test";
import { fileStamp, safeFileName } from "../../src/exports/file-name.js";

test("file names keep ASCII letters, digits, - and _ only; nothing a client sent can break the header", () => {
  assert.equal(
    safeFileName(["user_behavior", fileStamp(Date.parse("2026-11-30T07:53:15.626Z"))], "html"),
    "user_behavior_20261130_075315.html",
  );
  assert.equal(safeFileName(["../etc/passwd", 'a"b\r\nc', "é漢", 7], "c/s.v"), "etc_passwd_a_b_c_7.csv");
  assert.equal(safeFileName(["..", ""], ""), "file");
  const long = safeFileName(["x".repeat(500)], "parquet");
  assert.equal(long, `${"x".repeat(104)}.parquet`);
});
