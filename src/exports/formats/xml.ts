import type { Row, Table } from "../table.js";
import { chunked } from "./chunks.js";
import type { ExportFormat, WriteOptions } from "./format.js";
import { textValue } from "./values.js";
import { elementName, xmlText } from "./xml-text.js";

/** `<name>` with the original key kept in `key` when the name had to change. */
function open(key: string, attributes = ""): { start: string; end: string } {
  const { name, changed } = elementName(key);
  const keyAttribute = changed ? ` key="${xmlText(key, true)}"` : "";
  return { start: `<${name}${keyAttribute}${attributes}`, end: `</${name}>` };
}

/** A value as an element: objects as child elements, lists as `<item>` children, null as `null="true"`. */
function element(key: string, v: unknown, text: (v: unknown) => string): string {
  if (v === null || v === undefined) return `${open(key, ' null="true"').start}/>`;
  const { start, end } = open(key);
  if (Array.isArray(v)) return `${start}>${v.map((x) => element("item", x, nestedText)).join("")}${end}`;
  if (typeof v === "object") {
    const children = Object.entries(v as Record<string, unknown>).map(([k, x]) => element(k, x, nestedText));
    return `${start}>${children.join("")}${end}`;
  }
  return `${start}>${xmlText(text(v))}${end}`;
}

const nestedText = (v: unknown) => String(v);

async function* pieces(table: Table, options: WriteOptions): AsyncGenerator<string> {
  const type = options.type ? ` type="${xmlText(options.type, true)}"` : "";
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<export${type}>\n`;
  for await (const row of table.rows as AsyncIterable<Row>) {
    const fields = table.columns.map((c) =>
      // Nested data becomes elements; a column's own value is text like in CSV (times ISO 8601 UTC).
      c.type === "json"
        ? element(c.name, row[c.name], nestedText)
        : element(c.name, row[c.name], (v) => textValue(v, c.type)),
    );
    yield `<row>${fields.join("")}</row>\n`;
  }
  yield "</export>\n";
}

/**
 * XML 1.0 with a declaration: `<export type="…">` holding one `<row>` per row, one element per
 * column; nested data as nested elements. Element names are made valid whatever the keys (the
 * original kept in `key="…"` when it changed); text is escaped; forbidden characters become U+FFFD.
 */
export const xml: ExportFormat = {
  name: "xml",
  contentType: "application/xml; charset=utf-8",
  extension: "xml",
  write: (table, options) => chunked(pieces(table, options)),
  // The root is never closed, so the document is not well-formed; the last element names the error.
  failure: (message) => `<export_error>${xmlText(message)}</export_error>\n`,
};
