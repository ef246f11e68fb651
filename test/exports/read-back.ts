import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";

/** Real parsers for every export format, for tests that compare an export with what was ingested. */

export async function bytesOf(body: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** CSV rows as objects keyed by the header (every value text, as CSV has it). */
export function readCsv(text: string): Array<Record<string, string>> {
  return parseCsv(text, { columns: true, record_delimiter: "\r\n" }) as Array<Record<string, string>>;
}

export function readCsvHeader(text: string): string[] {
  return (parseCsv(text, { to_line: 1, record_delimiter: "\r\n" }) as string[][])[0] ?? [];
}

export function readNdjson(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The XML document as fast-xml-parser reads it: attributes with `@_`, text kept as strings. */
export function readXml(text: string): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => name === "row" || name === "item",
  });
  return parser.parse(text, true) as Record<string, unknown>;
}

/** A Parquet file's rows as DuckDB reads them back (`read_parquet`), with its column types and its row groups' sizes. */
export async function readParquet(
  bytes: Buffer,
  dir: string,
): Promise<{ rows: Array<Record<string, unknown>>; types: Record<string, string>; groups: number[] }> {
  const file = join(dir, `read-back-${process.hrtime.bigint()}.parquet`);
  await writeFile(file, bytes);
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    const types = Object.fromEntries(described.map((r) => [String(r.column_name), String(r.column_type)]));
    const groups = (
      await conn.runAndReadAll(
        `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${file}') ORDER BY row_group_id`,
      )
    )
      .getRowObjectsJS()
      .map((r) => Number(r.row_group_num_rows));
    return { rows: rows as Array<Record<string, unknown>>, types, groups };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
