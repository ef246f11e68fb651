import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { Column, ColumnType, Row, Table } from "../table.js";
import type { ExportFormat } from "./format.js";

/** Rows per row group: one group's columns are all the writer holds, so memory stays flat however long the export. */
export const PARQUET_ROW_GROUP = 8192;

type SchemaElement = {
  name: string;
  type?: string;
  converted_type?: string;
  repetition_type?: string;
  num_children?: number;
};

const PHYSICAL: Record<ColumnType, Pick<SchemaElement, "type" | "converted_type">> = {
  string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  integer: { type: "INT64" },
  number: { type: "DOUBLE" },
  boolean: { type: "BOOLEAN" },
  timestamp: { type: "INT64", converted_type: "TIMESTAMP_MILLIS" },
  json: { type: "BYTE_ARRAY", converted_type: "JSON" },
};

function schemaOf(columns: readonly Column[]): SchemaElement[] {
  return [
    { name: "root", num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, ...PHYSICAL[c.type], repetition_type: "OPTIONAL" })),
  ];
}

/** A value as the writer takes it for the column's type; integers are 64-bit (BigInt), times epoch ms. */
function parquetValue(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  if (type === "integer") return BigInt(Math.trunc(v as number));
  // Times come as epoch ms or, from views made for the API, as ISO 8601 text.
  if (type === "timestamp") return typeof v === "string" ? Date.parse(v) : v;
  return v;
}

/**
 * A writer whose bytes leave after each row group: `flush` hands what the group wrote to the
 * stream and empties the buffer (the writer's `offset` keeps counting the whole file).
 */
class GroupWriter extends ByteWriter {
  pending: Uint8Array[] = [];
  flush(): void {
    this.pending.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
  take(): Uint8Array[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

async function* bytes(table: Table): AsyncGenerator<Uint8Array> {
  const { columns } = table;
  const writer = new GroupWriter();
  const parquet = new ParquetWriter({ writer: writer as never, schema: schemaOf(columns) as never });
  let group: Row[] = [];
  const writeGroup = () => {
    const columnData = columns.map((c) => ({ name: c.name, data: group.map((r) => parquetValue(r[c.name], c.type)) }));
    parquet.write({ columnData: columnData as never, rowGroupSize: group.length });
    group = [];
  };
  // The leading magic bytes leave at once: the first bytes never wait for a row group.
  writer.flush();
  yield* writer.take();
  for await (const row of table.rows) {
    group.push(row);
    if (group.length === PARQUET_ROW_GROUP) {
      writeGroup();
      yield* writer.take();
    }
  }
  if (group.length) writeGroup();
  parquet.finish();
  yield* writer.take();
}

/** Apache Parquet, typed columns (times as TIMESTAMP_MILLIS, nested data as JSON), written row group by row group. */
export const parquet: ExportFormat = {
  name: "parquet",
  contentType: "application/vnd.apache.parquet",
  extension: "parquet",
  write: (table) => bytes(table),
  // A Parquet file is only readable from its footer, which a cut stream never gets: nothing to add.
  failure: () => "",
};
