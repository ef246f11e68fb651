/**
 * The ceiling for loading into DuckDB from Node: the raw Appender (@duckdb/node-api) filling a
 * table with the same columns as the product's `events` table, rows prepared beforehand.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { type DuckDBAppender, DuckDBInstance } from "@duckdb/node-api";
import { HOT_COLUMNS } from "../../src/model/event.js";
import { eventList, snakeEvent } from "./events.js";

const SQL_TYPE = { text: "VARCHAR", double: "DOUBLE", integer: "BIGINT", boolean: "BOOLEAN" } as const;
const ENVELOPE = new Set(["event_type", "timestamp", "user_id", "session_id"]);

interface Row {
  id: string;
  type: string;
  ts: bigint;
  user: string;
  session: string;
  hot: Array<string | number | boolean | null>;
  data: string;
}

function rows(count: number): Row[] {
  return eventList(0, count, snakeEvent).map((e) => {
    const data = Object.fromEntries(Object.entries(e).filter(([k]) => !ENVELOPE.has(k)));
    const ts = BigInt(Date.parse(e.timestamp as string));
    return {
      id: randomUUID(),
      type: e.event_type as string,
      ts,
      user: e.user_id as string,
      session: e.session_id as string,
      hot: HOT_COLUMNS.map((c) => (data[c.name] ?? null) as string | number | boolean | null),
      data: JSON.stringify(data),
    };
  });
}

function append(a: DuckDBAppender, r: Row): void {
  a.appendVarchar(r.id);
  a.appendVarchar(r.type);
  a.appendBigInt(r.ts);
  a.appendBigInt(r.ts);
  a.appendVarchar(r.user);
  a.appendVarchar(r.session);
  HOT_COLUMNS.forEach((c, i) => {
    const v = r.hot[i];
    if (v === null || v === undefined) a.appendNull();
    else if (c.kind === "text") a.appendVarchar(v as string);
    else if (c.kind === "double") a.appendDouble(v as number);
    else if (c.kind === "integer") a.appendBigInt(BigInt(v as number));
    else a.appendBoolean(v as boolean);
  });
  a.appendVarchar(r.data);
  a.endRow();
}

export interface AppenderResult {
  /** Rows per second into a table without indexes. */
  plain: number;
  /** Rows per second into a table whose event_id is the PRIMARY KEY (the product's first layout; why it has none now). */
  primaryKey: number;
}

/** Appends `count` rows (flushing every `flushEvery`) into a fresh file database in `dir`. */
export async function appenderBaseline(dir: string, count: number, flushEvery = 10_000): Promise<AppenderResult> {
  const data = rows(count);
  const instance = await DuckDBInstance.create(join(dir, "appender.duckdb"));
  const c = await instance.connect();
  try {
    const columns = (pk: boolean) =>
      [
        `event_id VARCHAR${pk ? " PRIMARY KEY" : ""}`,
        "event_type VARCHAR NOT NULL",
        "ts BIGINT NOT NULL",
        "received_at BIGINT NOT NULL",
        "user_id VARCHAR",
        "session_id VARCHAR",
        ...HOT_COLUMNS.map((h) => `${h.name} ${SQL_TYPE[h.kind]}`),
        "data VARCHAR NOT NULL",
      ].join(", ");
    const timed = async (table: string, pk: boolean) => {
      await c.run(`CREATE TABLE ${table} (${columns(pk)})`);
      const t = performance.now();
      const a = await c.createAppender(table);
      data.forEach((r, i) => {
        append(a, r);
        if ((i + 1) % flushEvery === 0) a.flushSync();
      });
      a.closeSync();
      const seconds = (performance.now() - t) / 1000;
      const n = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJS()[0]?.n);
      if (n !== count) throw new Error(`appender baseline: ${n} rows in ${table}, expected ${count}`);
      return count / seconds;
    };
    return { plain: await timed("events_plain", false), primaryKey: await timed("events_pk", true) };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
