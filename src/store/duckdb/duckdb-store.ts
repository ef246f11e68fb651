import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance, JSDuckDBValueConverter } from "@duckdb/node-api";
import { type EventRecord, HOT_COLUMNS } from "../../model/event.js";
import type { EventType } from "../../model/event-types.js";
import { Serial } from "../../util/serial.js";
import {
  ALERT_COLUMNS,
  ALERT_ORDER,
  ALERT_RULE_COLUMNS,
  alertRuleValues,
  alertValues,
  currentOf,
  toAlertRecord,
  toAlertRuleRecord,
} from "../alert-row.js";
import { WriteJournal } from "../cache/write-journal.js";
import type { DefinitionRecord, DefinitionTable } from "../definition-row.js";
import { API_KEY_COLUMNS, apiKeyOf, apiKeyValues } from "../key-row.js";
import type { LogPosition } from "../log-position.js";
import type { AlertRecord } from "../port/alert-history.js";
import type { AlertRuleRecord } from "../port/alert-rules.js";
import type { DashboardRecord } from "../port/dashboards.js";
import type { ReportRunRecord, ReportRunsQuery, ReportScheduleRecord } from "../port/report-schedules.js";
import type { ApiKeyRecord, AuditRow, PriceRecord, Snapshot, Store, TableDump } from "../port.js";
import { PRICE_COLUMNS, PRICE_ORDER, priceValues, toPriceRecord } from "../price-row.js";
import type { Query, RawRow } from "../query.js";
import { decodeStream, type QueryLog, runQuery, silentQueryLog } from "../query-log.js";
import {
  REPORT_RUN_COLUMNS,
  REPORT_RUN_ORDER,
  REPORT_SCHEDULE_COLUMNS,
  reportRunValues,
  reportScheduleValues,
  toReportRunRecord,
  toReportScheduleRecord,
} from "../report-schedule-row.js";
import type { Fragment } from "../sql/fragment.js";
import { duckDbDialect } from "./dialect.js";
import { MIGRATIONS, SQL_TYPE } from "./migrations.js";

type Row = Record<string, unknown>;
type Param = string | number | boolean | null;

const READERS = 3;
/** Rows read from a streamed chunk at a time (see streamRows). */
const STREAM_SLICE_ROWS = 256;

export interface DuckDbOptions {
  /**
   * A stored event_id is recognised again for this long after it was received. DuckDB keeps no
   * index on event_id (rebuilding one at every checkpoint would slow loading as the store grows),
   * so a batch is checked against the events received within the window only, which the
   * received_at zone maps find without reading the rest. Replays of the log never need it: the
   * loader's checkpoint commits with the rows.
   */
  dedupeWindowMs: number;
  /**
   * DuckDB's memory_limit in MiB (0: its default, 80 % of RAM). Its buffer pool keeps the blocks a
   * query read cached up to the limit, so this bounds what a long read (an export) leaves resident.
   */
  memoryLimitMb?: number;
}

export const DEFAULT_DEDUPE_WINDOW_MS = 24 * 3_600_000;

/** The hot fields as one JSON structure, so each event's data is parsed once for all of them. */
const HOT_STRUCTURE = JSON.stringify(Object.fromEntries(HOT_COLUMNS.map((c) => [c.name, SQL_TYPE[c.kind]])));

/**
 * Table rows from a JSON array of EventRecords (validated events, so each hot field already has
 * its column's type): the envelope, the hot columns pulled out of `data`, and `data` as text.
 */
const ROWS_FROM_JSON = `SELECT
  r.event_id, r.event_type, r.timestamp, r.received_at, r.user_id, r.session_id,
  ${HOT_COLUMNS.map((c) => `h.${c.name}`).join(", ")},
  r.data::VARCHAR
FROM (
  SELECT r, from_json(r.data, '${HOT_STRUCTURE}') AS h
  FROM (SELECT unnest(from_json($1::JSON, '[{"event_id":"VARCHAR","event_type":"VARCHAR","timestamp":"BIGINT","received_at":"BIGINT","user_id":"VARCHAR","session_id":"VARCHAR","data":"JSON"}]')) AS r)
)`;

/** BIGINT comes back as bigint; every number this product stores fits a double exactly. */
function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
  return out;
}

/** A file path as a SQL string literal (COPY and read_parquet take no bound parameters). */
function quoted(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/** A DuckDB connection that runs one statement at a time. */
class Conn {
  private readonly serial = new Serial();
  constructor(readonly raw: DuckDBConnection) {}

  run<T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.serial.run(() => task(this.raw));
  }

  /** Rows as plain objects; `numbers` turns BIGINTs into numbers (queries leave that to their row schema). */
  all(sql: string, params: Param[] = [], numbers = true): Promise<Row[]> {
    return this.run(async (c) => {
      const rows = (await c.runAndReadAll(sql, params as never)).getRowObjectsJS() as Row[];
      return numbers ? rows.map(plain) : rows;
    });
  }
}

/** The embedded store: one DuckDB file under the data directory. */
export class DuckDbStore implements Store {
  readonly engine = "duckdb";
  readonly dumpFormat = "parquet";
  /** This process holds the file locked, so every change to events passes here and is noted. */
  readonly journal = new WriteJournal();
  private next = 0;

  private constructor(
    private readonly opts: DuckDbOptions,
    private readonly instance: DuckDBInstance,
    private readonly writer: Conn,
    private readonly readers: Conn[],
    private readonly log: QueryLog,
  ) {}

  static async open(
    file: string,
    opts: DuckDbOptions = { dedupeWindowMs: DEFAULT_DEDUPE_WINDOW_MS },
    log: QueryLog = silentQueryLog(),
  ): Promise<DuckDbStore> {
    if (file !== ":memory:") await mkdir(dirname(file), { recursive: true });
    const limit = opts.memoryLimitMb ? { memory_limit: `${opts.memoryLimitMb}MiB` } : undefined;
    const instance = await DuckDBInstance.create(file, limit);
    const writer = new Conn(await instance.connect());
    const readers: Conn[] = [];
    for (let i = 0; i < READERS; i++) readers.push(new Conn(await instance.connect()));
    return new DuckDbStore(opts, instance, writer, readers, log);
  }

  private reader(): Conn {
    this.next = (this.next + 1) % this.readers.length;
    return this.readers[this.next] as Conn;
  }

  async migrate(): Promise<void> {
    await this.writer.run(async (c) => {
      await c.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT)");
      const done = new Set(
        (await c.runAndReadAll("SELECT version FROM schema_migrations"))
          .getRowObjectsJS()
          .map((r) => Number(r.version)),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.run("BEGIN TRANSACTION");
        try {
          for (const s of m.statements) await c.run(s);
          await c.run("INSERT INTO schema_migrations VALUES ($1, $2)", [m.version, Date.now()]);
          await c.run("COMMIT");
        } catch (err) {
          await c.run("ROLLBACK");
          throw err;
        }
      }
      await c.run("CREATE TEMP TABLE IF NOT EXISTS staging AS SELECT * FROM events LIMIT 0");
    });
  }

  insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number> {
    const unique = new Map<string, EventRecord>();
    for (const e of events) if (!unique.has(e.event_id)) unique.set(e.event_id, e);
    // Parsed by DuckDB off the JavaScript thread: one string crosses over, not a call per value.
    const json = JSON.stringify([...unique.values()]);
    // The window runs back from the batch's own receipt, so draining an old backlog still finds originals.
    let oldestReceipt = Number.POSITIVE_INFINITY;
    let clientIds = false;
    for (const e of unique.values()) {
      oldestReceipt = Math.min(oldestReceipt, e.received_at);
      clientIds ||= !e.id_generated;
    }
    const done = this.journal.inserting(Array.from(unique.values(), (e) => e.timestamp));
    const inserting = this.writer.run(async (c) => {
      await c.run("BEGIN TRANSACTION");
      try {
        let inserted: number;
        if (clientIds) {
          await c.run("DELETE FROM staging");
          await c.run(`INSERT INTO staging ${ROWS_FROM_JSON}`, [json]);
          const r = await c.run(
            `INSERT INTO events SELECT * FROM staging WHERE event_id NOT IN (
               SELECT e.event_id FROM events e
               WHERE e.received_at >= $1 AND e.event_id IN (SELECT event_id FROM staging))`,
            [oldestReceipt - this.opts.dedupeWindowMs],
          );
          inserted = Number(r.rowsChanged);
        } else {
          inserted = Number((await c.run(`INSERT INTO events ${ROWS_FROM_JSON}`, [json])).rowsChanged);
        }
        await c.run(
          `INSERT INTO loader_checkpoints VALUES ($1, $2, $3, $4)
           ON CONFLICT (node) DO UPDATE SET segment = excluded.segment, "offset" = excluded."offset", updated_at = excluded.updated_at`,
          [node, upTo.segment, upTo.offset, Date.now()],
        );
        await c.run("COMMIT");
        return inserted;
      } catch (err) {
        await c.run("ROLLBACK").catch(() => undefined);
        throw err;
      }
    });
    return inserting.finally(done);
  }

  async loaderCheckpoint(node: string): Promise<LogPosition | null> {
    const rows = await this.writer.all(`SELECT segment, "offset" FROM loader_checkpoints WHERE node = $1`, [node]);
    const r = rows[0];
    return r ? { segment: r.segment as number, offset: r.offset as number } : null;
  }

  deleteEventsBefore(cutoff: number, eventType?: EventType): Promise<number> {
    const [sql, params] =
      eventType === undefined
        ? ["DELETE FROM events WHERE ts < $1", [cutoff]]
        : ["DELETE FROM events WHERE ts < $1 AND event_type = $2", [cutoff, eventType]];
    return this.rewriting(() => this.writer.run(async (c) => Number((await c.run(sql, params)).rowsChanged)));
  }

  private rewriting<T>(write: () => Promise<T>): Promise<T> {
    const done = this.journal.rewriting();
    return write().finally(done);
  }

  eraseUser(userId: string): Promise<number> {
    return this.rewriting(() =>
      this.writer.run(async (c) => {
        const r = await c.run(
          `DELETE FROM events WHERE user_id = $1 OR session_id IN (
           SELECT DISTINCT session_id FROM events WHERE user_id = $1 AND session_id IS NOT NULL)`,
          [userId],
        );
        return Number(r.rowsChanged);
      }),
    );
  }

  appendAudit(rows: AuditRow[]): Promise<void> {
    return this.writer.run(async (c) => {
      for (const r of rows) {
        await c.run("INSERT INTO audit_log VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [
          r.id,
          r.at,
          r.actor,
          r.action,
          r.target,
          r.ip,
          r.outcome,
          r.details,
        ] as never);
      }
    });
  }

  /** One read transaction on a connection of its own: every table as of the same moment, while loading goes on. */
  async snapshotTables(tables: readonly string[], dir: string): Promise<Snapshot> {
    const conn = await this.instance.connect();
    try {
      await conn.run("BEGIN TRANSACTION");
      const dumps: TableDump[] = [];
      for (const table of tables) {
        const file = `${table}.parquet`;
        await conn.run(`COPY (SELECT * FROM ${table}) TO ${quoted(join(dir, file))} (FORMAT parquet)`);
        const [r] = (await conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJS();
        dumps.push({ table, file, rows: Number(r?.n ?? 0) });
      }
      const checkpoints = (
        await conn.runAndReadAll(`SELECT node, segment, "offset" FROM loader_checkpoints ORDER BY node`)
      )
        .getRowObjectsJS()
        .map((r) => ({ node: String(r.node), segment: Number(r.segment), offset: Number(r.offset) }));
      await conn.run("COMMIT");
      return { tables: dumps, checkpoints };
    } finally {
      conn.closeSync();
    }
  }

  restoreTables(dumps: readonly TableDump[], dir: string): Promise<void> {
    return this.rewriting(() =>
      this.writer.run(async (c) => {
        await c.run("BEGIN TRANSACTION");
        try {
          for (const d of dumps) {
            await c.run(`INSERT INTO ${d.table} BY NAME SELECT * FROM read_parquet(${quoted(join(dir, d.file))})`);
          }
          await c.run("COMMIT");
        } catch (err) {
          await c.run("ROLLBACK").catch(() => undefined);
          throw err;
        }
      }),
    );
  }

  run<R>(query: Query<R>): Promise<R[]> {
    const reader = this.reader();
    const exec = (f: Fragment) => {
      const { text, params } = duckDbDialect.render(f);
      return reader.all(text, params, false);
    };
    return runQuery(query, duckDbDialect, exec, this.log);
  }

  stream<R>(query: Query<R>): AsyncIterable<R> {
    return decodeStream(query, this.streamRows(query), this.log);
  }

  /**
   * On a connection of its own, so a long export never holds up the readers; closed when the stream
   * ends. A chunk's vectors keep every value read from them until the chunk is dropped, and a chunk
   * (2,048 rows) can outlive two young-generation collections, which moves its strings to V8's old
   * generation: read through slices of STREAM_SLICE_ROWS rows, whose values die young with them.
   */
  private async *streamRows(query: Query<unknown>): AsyncGenerator<RawRow> {
    const { text, params } = duckDbDialect.render(query.statement(duckDbDialect));
    const conn = await this.instance.connect();
    try {
      const result = await conn.stream(text, params as never);
      const names = result.deduplicatedColumnNames();
      for await (const chunk of result) {
        for (let start = 0; start < chunk.rowCount; start += STREAM_SLICE_ROWS) {
          const length = Math.min(STREAM_SLICE_ROWS, chunk.rowCount - start);
          const vectors = names.map((_, c) => chunk.getColumnVector(c).slice(start, length));
          for (let i = 0; i < length; i++) {
            const row: RawRow = {};
            vectors.forEach((v, c) => {
              row[names[c] as string] = JSDuckDBValueConverter(v.getItem(i), v.type, JSDuckDBValueConverter);
            });
            yield row;
          }
        }
      }
    } finally {
      conn.closeSync();
    }
  }

  acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT INTO leases VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
        [name, holder, now + ttlMs, now],
      );
      const r = await c.runAndReadAll("SELECT holder FROM leases WHERE name = $1", [name]);
      return r.getRowObjectsJS()[0]?.holder === holder;
    });
  }

  releaseExpiredLeases(before: number): Promise<number> {
    return this.writer.run(async (c) =>
      Number((await c.run("DELETE FROM leases WHERE expires_at <= $1", [before])).rowsChanged),
    );
  }

  insertApiKey(key: ApiKeyRecord): Promise<void> {
    const params = API_KEY_COLUMNS.map((_, i) => `$${i + 1}`).join(", ");
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT INTO api_keys (${API_KEY_COLUMNS.join(", ")}) VALUES (${params})`,
        apiKeyValues(key) as never,
      );
    });
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.writer.all(`SELECT ${API_KEY_COLUMNS.join(", ")} FROM api_keys ORDER BY created_at, id`);
    return rows.map(apiKeyOf);
  }

  revokeApiKey(id: string, at: number): Promise<boolean> {
    return this.writer.run(async (c) => {
      const r = await c.run("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at, id]);
      if (Number(r.rowsChanged) > 0) return true;
      const exists = await c.runAndReadAll("SELECT 1 FROM api_keys WHERE id = $1", [id]);
      return exists.currentRowCount > 0;
    });
  }

  insertPrice(price: PriceRecord): Promise<void> {
    return this.writer.run(async (c) => {
      await c.run(`INSERT INTO prices (${PRICE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, priceValues(price));
    });
  }

  async listPrices(): Promise<PriceRecord[]> {
    const rows = await this.writer.all(`SELECT ${PRICE_COLUMNS} FROM prices ORDER BY ${PRICE_ORDER}`);
    return rows.map(toPriceRecord);
  }

  deletePrice(id: string): Promise<boolean> {
    return this.writer.run(
      async (c) => Number((await c.run("DELETE FROM prices WHERE id = $1", [id])).rowsChanged) > 0,
    );
  }

  saveAlertRule(rule: AlertRuleRecord): Promise<void> {
    return this.saveDefinition("alert_rules", rule);
  }

  listAlertRules(): Promise<AlertRuleRecord[]> {
    return this.listDefinitions("alert_rules");
  }

  deleteAlertRule(id: string): Promise<boolean> {
    return this.deleteDefinition("alert_rules", id);
  }

  saveDashboard(dashboard: DashboardRecord): Promise<void> {
    return this.saveDefinition("dashboards", dashboard);
  }

  listDashboards(): Promise<DashboardRecord[]> {
    return this.listDefinitions("dashboards");
  }

  deleteDashboard(id: string): Promise<boolean> {
    return this.deleteDefinition("dashboards", id);
  }

  /** Tables of definitions kept as JSON (alert rules, dashboards): one row per id. */
  private saveDefinition(table: DefinitionTable, r: DefinitionRecord): Promise<void> {
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT OR REPLACE INTO ${table} (${ALERT_RULE_COLUMNS}) VALUES ($1, $2, $3, $4)`,
        alertRuleValues(r),
      );
    });
  }

  private async listDefinitions(table: DefinitionTable): Promise<DefinitionRecord[]> {
    const rows = await this.writer.all(`SELECT ${ALERT_RULE_COLUMNS} FROM ${table} ORDER BY created_at, id`);
    return rows.map(toAlertRuleRecord);
  }

  private deleteDefinition(table: DefinitionTable, id: string): Promise<boolean> {
    return this.writer.run(
      async (c) => Number((await c.run(`DELETE FROM ${table} WHERE id = $1`, [id])).rowsChanged) > 0,
    );
  }

  saveAlert(alert: AlertRecord): Promise<void> {
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT OR REPLACE INTO alerts (${ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        alertValues(alert),
      );
    });
  }

  async listAlerts(span: { from: number; to: number }): Promise<AlertRecord[]> {
    const rows = await this.writer.all(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE started_at < $2 AND (resolved_at IS NULL OR resolved_at >= $1)
       ORDER BY ${ALERT_ORDER}`,
      [span.from, span.to],
    );
    return rows.map(toAlertRecord);
  }

  async currentAlerts(resolvedSince: number): Promise<AlertRecord[]> {
    const rows = await this.writer.all(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE state = 'firing' OR resolved_at >= $1 ORDER BY ${ALERT_ORDER}`,
      [resolvedSince],
    );
    return currentOf(rows.map(toAlertRecord));
  }

  saveReportSchedule(schedule: ReportScheduleRecord): Promise<void> {
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT OR REPLACE INTO report_schedules (${REPORT_SCHEDULE_COLUMNS}) VALUES ($1, $2, $3)`,
        reportScheduleValues(schedule),
      );
    });
  }

  async listReportSchedules(): Promise<ReportScheduleRecord[]> {
    const rows = await this.writer.all(
      `SELECT ${REPORT_SCHEDULE_COLUMNS} FROM report_schedules ORDER BY created_at, id`,
    );
    return rows.map(toReportScheduleRecord);
  }

  deleteReportSchedule(id: string): Promise<boolean> {
    return this.writer.run(
      async (c) => Number((await c.run("DELETE FROM report_schedules WHERE id = $1", [id])).rowsChanged) > 0,
    );
  }

  /** One statement on the one writer connection: of two claims of the same run, exactly one inserts. */
  claimReportRun(run: ReportRunRecord): Promise<boolean> {
    return this.writer.run(
      async (c) =>
        Number(
          (
            await c.run(
              `INSERT INTO report_runs (${REPORT_RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (id) DO NOTHING`,
              reportRunValues(run),
            )
          ).rowsChanged,
        ) > 0,
    );
  }

  saveReportRun(run: ReportRunRecord): Promise<void> {
    return this.writer.run(async (c) => {
      await c.run(
        `INSERT OR REPLACE INTO report_runs (${REPORT_RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        reportRunValues(run),
      );
    });
  }

  async listReportRuns(q: ReportRunsQuery): Promise<ReportRunRecord[]> {
    const rows = await this.writer.all(
      `SELECT ${REPORT_RUN_COLUMNS} FROM report_runs
       WHERE ($1::VARCHAR IS NULL OR schedule_id = $1) AND ($2::VARCHAR IS NULL OR status = $2)
       ORDER BY ${REPORT_RUN_ORDER} LIMIT $3`,
      [q.scheduleId ?? null, q.status ?? null, q.limit],
    );
    return rows.map(toReportRunRecord);
  }

  async close(): Promise<void> {
    await this.writer.run(async (c) => {
      await c.run("CHECKPOINT");
      c.closeSync();
    });
    for (const r of this.readers) await r.run(async (c) => c.closeSync());
    this.instance.closeSync();
  }
}
