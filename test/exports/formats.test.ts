import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FORMATS } from "../../src/exports/formats/index.js";
import type { Column, Row, Table } from "../../src/exports/table.js";
import { tempDir } from "../helpers/test-app.js";
import { bytesOf, readCsv, readCsvHeader, readNdjson, readParquet, readXml } from "./read-back.js";

const COLUMNS: Column[] = [
  { name: "id", type: "string" },
  { name: "n", type: "integer" },
  { name: "x", type: "number" },
  { name: "ok", type: "boolean" },
  { name: "at", type: "timestamp" },
  { name: "data", type: "json" },
];

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
const ROWS: Row[] = [
  {
    id: 'comma, "quote"\r\nnew line',
    n: 42,
    x: 1.5,
    ok: true,
    at: T0,
    data: { "1st place": "gold", "a-b": [1, "two", null], xmlns: { nested: true }, é: "ünïcødé 日本 🎉" },
  },
  { id: "plain", n: -7, x: 0.000001, ok: false, at: T0 + 1, data: {} },
  { id: null, n: null, x: null, ok: null, at: null, data: null },
];

const table = (rows: Row[] = ROWS): Table => ({
  columns: COLUMNS,
  rows: (async function* () {
    yield* rows;
  })(),
});

async function text(format: keyof typeof FORMATS, rows?: Row[], options = {}): Promise<string> {
  return (await bytesOf(FORMATS[format].write(table(rows), options))).toString("utf8");
}

describe("csv", () => {
  test("RFC 4180: header, CRLF, quotes doubled, ISO times, true/false, nested JSON, null empty", async () => {
    const out = await text("csv");
    assert.ok(out.startsWith("id,n,x,ok,at,data\r\n"));
    assert.ok(out.includes('"comma, ""quote""\r\nnew line",42,1.5,true,2024-01-02T03:04:05.678Z,'));
    assert.ok(out.endsWith(",,,,,\r\n"));
    const rows = readCsv(out);
    assert.deepEqual(rows, [
      {
        id: 'comma, "quote"\r\nnew line',
        n: "42",
        x: "1.5",
        ok: "true",
        at: "2024-01-02T03:04:05.678Z",
        data: JSON.stringify(ROWS[0]?.data),
      },
      { id: "plain", n: "-7", x: "0.000001", ok: "false", at: "2024-01-02T03:04:05.679Z", data: "{}" },
      { id: "", n: "", x: "", ok: "", at: "", data: "" },
    ]);
  });

  test("an empty export is the header alone", async () => {
    const out = await text("csv", []);
    assert.equal(out, "id,n,x,ok,at,data\r\n");
    assert.deepEqual(readCsvHeader(out), ["id", "n", "x", "ok", "at", "data"]);
    assert.deepEqual(readCsv(out), []);
  });
});

describe("json and ndjson", () => {
  const expected = [
    { ...ROWS[0], at: "2024-01-02T03:04:05.678Z" },
    { ...ROWS[1], at: "2024-01-02T03:04:05.679Z" },
    ROWS[2],
  ];

  test("json: an array of rows, times ISO 8601 UTC", async () => {
    assert.deepEqual(JSON.parse(await text("json")), expected);
    assert.deepEqual(JSON.parse(await text("json", [])), []);
  });

  test("json with metadata: the header object, then the rows", async () => {
    const metadata = { type: "events", period: { from: "a", to: "b" } };
    assert.deepEqual(JSON.parse(await text("json", ROWS, { metadata })), { metadata, rows: expected });
    assert.deepEqual(JSON.parse(await text("json", [], { metadata })), { metadata, rows: [] });
  });

  test("ndjson: one object per line", async () => {
    const out = await text("ndjson");
    assert.equal(out.split("\n").length, 4);
    assert.deepEqual(readNdjson(out), expected);
    assert.equal(await text("ndjson", []), "");
  });
});

describe("xml", () => {
  test("declaration, valid names with the original key kept, escaped text, null marked", async () => {
    const out = await text("xml", ROWS, { type: "events" });
    assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<export type="events">\n'));
    const doc = readXml(out) as { export: { row: Array<Record<string, unknown>> } };
    const [first, second, third] = doc.export.row;
    assert.equal(first?.id, 'comma, "quote"\r\nnew line');
    assert.equal(first?.n, "42");
    assert.equal(first?.ok, "true");
    assert.equal(first?.at, "2024-01-02T03:04:05.678Z");
    assert.deepEqual(first?.data, {
      _1st_place: { "#text": "gold", "@_key": "1st place" },
      "a-b": { item: ["1", "two", { "@_null": "true" }] },
      _xmlns: { nested: "true", "@_key": "xmlns" },
      _: { "#text": "ünïcødé 日本 🎉", "@_key": "é" },
    });
    assert.equal(second?.ok, "false");
    assert.deepEqual(third?.id, { "@_null": "true" });
    assert.deepEqual(third?.data, { "@_null": "true" });
  });

  test("characters XML 1.0 forbids become U+FFFD; the document stays well-formed", async () => {
    const out = await text("xml", [
      { id: "bell\u0007 nul\u0000 lone\uD800 tab\tok", data: { "k\u0001\t": "v\uFFFF" } },
    ]);
    const doc = readXml(out) as { export: { row: Array<Record<string, unknown>> } };
    assert.equal(doc.export.row[0]?.id, "bell\uFFFD nul\uFFFD lone\uFFFD tab\tok");
    assert.deepEqual(doc.export.row[0]?.data, { k__: { "#text": "v\uFFFD", "@_key": "k\uFFFD\t" } });
  });

  test("an empty export is the declaration and an empty root", async () => {
    const out = await text("xml", []);
    assert.equal(out, '<?xml version="1.0" encoding="UTF-8"?>\n<export>\n</export>\n');
    assert.deepEqual(readXml(out).export, "\n");
  });
});

describe("parquet", () => {
  let dir: { dir: string; remove(): Promise<void> };
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir.remove());

  test("typed columns, read back by DuckDB", async () => {
    const { rows, types } = await readParquet(await bytesOf(FORMATS.parquet.write(table(), {})), dir.dir);
    assert.deepEqual(types, {
      id: "VARCHAR",
      n: "BIGINT",
      x: "DOUBLE",
      ok: "BOOLEAN",
      at: "TIMESTAMP",
      data: "JSON",
    });
    assert.equal(rows.length, 3);
    assert.equal(rows[0]?.id, 'comma, "quote"\r\nnew line');
    assert.equal(rows[0]?.n, 42n);
    assert.equal(rows[0]?.x, 1.5);
    assert.equal(rows[0]?.ok, true);
    assert.deepEqual(rows[0]?.at, new Date(T0));
    assert.deepEqual(JSON.parse(rows[0]?.data as string), ROWS[0]?.data);
    assert.deepEqual(rows[2], { id: null, n: null, x: null, ok: null, at: null, data: null });
  });

  test("more rows than one row group, and none at all", async () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({
      id: `e${i}`,
      n: i,
      x: i / 2,
      ok: i % 2 === 0,
      at: T0 + i,
      data: { i },
    }));
    const { rows } = await readParquet(await bytesOf(FORMATS.parquet.write(table(many), {})), dir.dir);
    assert.equal(rows.length, 70_000);
    assert.equal(rows[69_999]?.id, "e69999");
    assert.equal(rows[40_000]?.n, 40_000n);
    const empty = await readParquet(await bytesOf(FORMATS.parquet.write(table([]), {})), dir.dir);
    assert.deepEqual(empty.rows, []);
    assert.equal(empty.types.at, "TIMESTAMP");
  });

  test("a value the encoder cannot write fails the stream with the encoder's error", async () => {
    const bad = [{ ...ROWS[1], n: "many" }];
    await assert.rejects(bytesOf(FORMATS.parquet.write(table(bad), {})), {
      name: "RangeError",
      message: "The number NaN cannot be converted to a BigInt because it is not an integer",
    });
  });

  test("a reader that stops early stops the encoder (the stream ends instead of hanging)", async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ...ROWS[1], n: i }));
    const chunks = FORMATS.parquet.write(table(many), {})[Symbol.asyncIterator]();
    const first = await chunks.next();
    assert.deepEqual([...(first.value as Uint8Array)], [0x50, 0x41, 0x52, 0x31]);
    assert.deepEqual(await chunks.return?.(undefined), { done: true, value: undefined });
  });
});
