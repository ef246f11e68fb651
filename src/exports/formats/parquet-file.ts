import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { Column, ColumnType } from "../table.js";
import type { ColumnValues } from "./parquet-group.js";

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

/**
 * The file's schema; `encoding` gives JSON columns as UTF8 text. The writer would otherwise take
 * each JSON value as an object and copy and stringify it again; values come as JSON text already,
 * which encodes to the same bytes (same pages, same min/max, compared byte by byte).
 */
function schemaOf(columns: readonly Column[], encoding = false): SchemaElement[] {
  const physical = (t: ColumnType) => (encoding && t === "json" ? PHYSICAL.string : PHYSICAL[t]);
  return [
    { name: "root", num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, ...physical(c.type), repetition_type: "OPTIONAL" })),
  ];
}

/** Row groups written with JSON columns encoded from their text; the footer names them JSON again. */
class JsonTextWriter extends ParquetWriter {
  constructor(
    writer: ByteWriter,
    private readonly columns: readonly Column[],
  ) {
    super({ writer: writer as never, schema: schemaOf(columns, true) as never });
  }
  override finish(): void {
    this.schema = schemaOf(this.columns) as never;
    super.finish();
  }
}

/**
 * A writer whose bytes leave after each row group: `flush` hands what the group wrote on and
 * empties the buffer (the writer's `offset` keeps counting the whole file).
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

function bigint(v: unknown): bigint | null {
  return v === null ? null : BigInt(Math.trunc(v as number));
}

/**
 * An Apache Parquet file written row group by row group from batches of column values (as
 * RowBatch takes them apart): it holds one row group's values at most, and its bytes leave as
 * each group is written. Only the footer's metadata (a few hundred bytes a group) stays to the end.
 */
export class ParquetFile {
  private readonly writer = new GroupWriter();
  private readonly parquet: JsonTextWriter;
  private group: ColumnValues;
  private rows = 0;

  constructor(
    private readonly columns: readonly Column[],
    private readonly rowGroup: number,
  ) {
    this.parquet = new JsonTextWriter(this.writer, columns);
    this.group = columns.map(() => []);
    // The leading magic bytes leave with the first answer: the first bytes never wait for a row group.
    this.writer.flush();
  }

  /** Adds a batch; answers the bytes of the row groups it completed (and, the first time, the magic bytes). */
  add(batch: ColumnValues): Uint8Array[] {
    const n = batch[0]?.length ?? 0;
    for (let start = 0; start < n; ) {
      const take = Math.min(n - start, this.rowGroup - this.rows);
      this.group.forEach((values, i) => {
        const from = batch[i] as unknown[];
        for (let j = start; j < start + take; j++) values.push(from[j]);
      });
      this.rows += take;
      start += take;
      if (this.rows === this.rowGroup) this.writeGroup();
    }
    return this.writer.take();
  }

  /** Writes the last, partial group and the footer; answers the file's last bytes. */
  finish(): Uint8Array[] {
    if (this.rows) this.writeGroup();
    this.parquet.finish();
    return this.writer.take();
  }

  private writeGroup(): void {
    const columnData = this.columns.map((c, i) => {
      const values = this.group[i] as unknown[];
      return { name: c.name, data: c.type === "integer" ? values.map(bigint) : values };
    });
    this.parquet.write({ columnData: columnData as never, rowGroupSize: this.rowGroup });
    this.group = this.columns.map(() => []);
    this.rows = 0;
  }
}
