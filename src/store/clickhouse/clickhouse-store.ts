import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { StoreUnreachableError } from "../../errors.js";
import type { EventRecord } from "../../model/event.js";
import type { EventType } from "../../model/event-types.js";
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
import { clickHouseDialect } from "./dialect.js";
import { type AddColumn, MIGRATIONS } from "./migrations.js";
import { isNetworkError } from "./network.js";
import { type Row, toRow } from "./rows.js";
import { lit, litList, num } from "./sql.js";
import { parseClickHouseUrl } from "./url.js";

const MUTATION_TIMEOUT_MS = 60_000;
const LEASE_SETTLE_MS = 250;
const RESTORE_CHUNK_ROWS = 10_000;

/** The scale-out store: a ClickHouse server (or cluster) shared by any number of API nodes. */
export class ClickHouseStore implements Store {
  readonly engine = "clickhouse";
  readonly dumpFormat = "jsonl";

  private constructor(
    private readonly client: ClickHouseClient,
    readonly serverVersion: string,
    private readonly log: QueryLog,
  ) {}

  static async open(storeUrl: string, queryLog: QueryLog = silentQueryLog()): Promise<ClickHouseStore> {
    const { url, username, password, database } = parseClickHouseUrl(storeUrl);
    // Failures reach the caller as errors (the loader reports an outage once); the client's own log would repeat each.
    const log = { level: ClickHouseLogLevel.OFF };
    const admin = createClient({ url, username, password, request_timeout: 30_000, log });
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    } catch (err) {
      throw isNetworkError(err) ? new StoreUnreachableError(`ClickHouse at ${url}: ${(err as Error).message}`) : err;
    } finally {
      await admin.close();
    }
    const client = createClient({ url, username, password, database, request_timeout: 60_000, log });
    const [v] = await rows(client, "SELECT version() AS v");
    return new ClickHouseStore(client, String(v?.v ?? "unknown"), queryLog);
  }

  private all(query: string): Promise<Row[]> {
    return rows(this.client, query);
  }

  private command(query: string): Promise<unknown> {
    return this.client.command({ query });
  }

  async migrate(): Promise<void> {
    await this.command(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, applied_at Int64) ENGINE = MergeTree ORDER BY version",
    );
    const done = new Set((await this.all("SELECT DISTINCT version FROM schema_migrations")).map((r) => num(r.version)));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      // DDL is not transactional here: every statement is IF NOT EXISTS, so a half-done migration reruns safely.
      for (const s of m.statements) await (typeof s === "string" ? this.command(s) : this.addColumn(s));
      await this.command(`INSERT INTO schema_migrations VALUES (${m.version}, ${Date.now()})`);
    }
  }

  private async addColumn({ table, column, type }: AddColumn): Promise<void> {
    const [found] = await this.all(
      `SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = ${lit(table)} AND name = ${lit(column)}`,
    );
    if (num(found?.n ?? 0) === 0) await this.command(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  /**
   * Set when an insert failed: it may have stored its rows all the same (its answer lost, or the
   * server killed after writing `events` but before the `event_ids` view), so the next insert looks
   * for every id of its batch among the stored events first. One INSERT into `events` is atomic.
   */
  private unsure = false;

  async insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number> {
    try {
      const inserted = await this.insertOnce(events, node, upTo);
      this.unsure = false;
      return inserted;
    } catch (err) {
      this.unsure = true;
      throw err;
    }
  }

  private async insertOnce(events: EventRecord[], node: string, upTo: LogPosition): Promise<number> {
    const unique = new Map<string, EventRecord>();
    for (const e of events) if (!unique.has(e.event_id)) unique.set(e.event_id, e);
    if (this.unsure && unique.size) await this.dropStored(unique);
    // A client's retry of an event already stored (possibly through another node) is dropped here;
    // ids the server made up cannot be stored yet (unless by a failed attempt, above), so they are not looked for.
    const clientIds = [...unique.values()].filter((e) => !e.id_generated).map((e) => e.event_id);
    if (clientIds.length) {
      const known = await this.all(`SELECT DISTINCT event_id FROM event_ids WHERE event_id IN (${litList(clientIds)})`);
      for (const r of known) unique.delete(r.event_id as string);
    }
    const fresh = [...unique.values()];
    if (fresh.length) {
      await this.client.insert({
        table: "events",
        values: fresh.map((e) => toRow(e, node, upTo)),
        format: "JSONEachRow",
      });
      const stillClientIds = clientIds.filter((id) => unique.has(id));
      if (stillClientIds.length) await this.removeCrossNodeCopies(stillClientIds);
    }
    await this.command(
      `INSERT INTO loader_checkpoints VALUES (${lit(node)}, ${upTo.segment}, ${upTo.offset}, ${Date.now()})`,
    );
    return fresh.length;
  }

  /**
   * Removes from `batch` the events a failed attempt stored, found by id within the batch's time span
   * (the sorting key prunes by it), and gives `event_ids` any of them its view missed.
   */
  private async dropStored(batch: Map<string, EventRecord>): Promise<void> {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const e of batch.values()) {
      lo = Math.min(lo, Math.trunc(e.timestamp));
      hi = Math.max(hi, Math.trunc(e.timestamp));
    }
    const stored = await this.all(
      `SELECT DISTINCT event_id, ts, load_node FROM events
       WHERE ts >= ${lit(lo)} AND ts <= ${lit(hi)} AND event_id IN (${litList([...batch.keys()])})`,
    );
    if (!stored.length) return;
    for (const r of stored) batch.delete(r.event_id as string);
    const indexed = new Set(
      (
        await this.all(
          `SELECT DISTINCT event_id FROM event_ids WHERE event_id IN (${litList(stored.map((r) => r.event_id as string))})`,
        )
      ).map((r) => r.event_id as string),
    );
    const missing = stored.filter((r) => !indexed.has(r.event_id as string));
    if (missing.length) {
      await this.client.insert({
        table: "event_ids",
        values: missing.map((r) => ({ event_id: r.event_id, ts: r.ts, load_node: r.load_node })),
        format: "JSONEachRow",
      });
    }
  }

  /**
   * Two nodes may load the same event id at once (a client retrying through another node), each
   * having found it absent. Whichever finishes second sees both copies here; every node keeps the
   * copy of the node whose id sorts first, so concurrent clean-ups agree and nothing is counted twice.
   */
  private async removeCrossNodeCopies(ids: string[]): Promise<void> {
    const copies = await this.all(
      `SELECT event_id, groupUniqArray(load_node) AS nodes FROM event_ids
       WHERE event_id IN (${litList(ids)}) GROUP BY event_id HAVING count() > 1`,
    );
    if (!copies.length) return;
    const losers = copies.flatMap((r) => {
      const nodes = [...(r.nodes as string[])].sort();
      return nodes.slice(1).map((n) => `(${lit(r.event_id as string)}, ${lit(n)})`);
    });
    const where = `(event_id, load_node) IN (${losers.join(", ")})`;
    await this.command(`ALTER TABLE events DELETE WHERE ${where}`);
    await this.command(`ALTER TABLE event_ids DELETE WHERE ${where}`);
    await this.waitForMutations();
  }

  async loaderCheckpoint(node: string): Promise<LogPosition | null> {
    // The events carry their own position, so an insert whose checkpoint row never got written still counts.
    const found = await this.all(
      `SELECT segment, offset FROM (
         SELECT load_segment AS segment, load_offset AS offset FROM events WHERE load_node = ${lit(node)}
         UNION ALL
         SELECT segment, offset FROM loader_checkpoints WHERE node = ${lit(node)}
       ) ORDER BY segment DESC, offset DESC LIMIT 1`,
    );
    const r = found[0];
    return r ? { segment: num(r.segment), offset: num(r.offset) } : null;
  }

  run<R>(query: Query<R>): Promise<R[]> {
    const exec = (f: Fragment) => rows(this.client, clickHouseDialect.render(f).text, queryId(query.name));
    return runQuery(query, clickHouseDialect, exec, this.log);
  }

  stream<R>(query: Query<R>): AsyncIterable<R> {
    return decodeStream(query, this.streamRows(query), this.log);
  }

  /** JSONEachRow read as it arrives: the client parses one line at a time. */
  private async *streamRows(query: Query<unknown>): AsyncGenerator<RawRow> {
    const result = await this.client.query({
      query: clickHouseDialect.render(query.statement(clickHouseDialect)).text,
      format: "JSONEachRow",
      query_id: queryId(query.name),
    });
    for await (const batch of result.stream<RawRow>()) for (const row of batch) yield row.json<RawRow>();
  }

  async deleteEventsBefore(cutoff: number, eventType?: EventType): Promise<number> {
    const where = `ts < ${lit(cutoff)}${eventType === undefined ? "" : ` AND event_type = ${lit(eventType)}`}`;
    const [r] = await this.all(`SELECT count() AS n FROM events WHERE ${where}`);
    const n = num(r?.n ?? 0);
    if (!n) return 0;
    await this.command(`ALTER TABLE events DELETE WHERE ${where}`);
    // event_ids has no event type: its rows go by the ids just deleted (or by time, for every type).
    if (eventType === undefined) await this.command(`ALTER TABLE event_ids DELETE WHERE ${where}`);
    await this.waitForMutations();
    if (eventType !== undefined) await this.forgetIdsNotStored();
    return n;
  }

  async eraseUser(userId: string): Promise<number> {
    const sessions = (
      await this.all(
        `SELECT DISTINCT session_id AS s FROM events WHERE user_id = ${lit(userId)} AND isNotNull(session_id)`,
      )
    ).map((r) => r.s as string);
    const where = `user_id = ${lit(userId)}${sessions.length ? ` OR session_id IN (${litList(sessions)})` : ""}`;
    const [r] = await this.all(`SELECT count() AS n FROM events WHERE ${where}`);
    const n = num(r?.n ?? 0);
    if (!n) return 0;
    await this.command(`ALTER TABLE events DELETE WHERE ${where}`);
    await this.waitForMutations();
    await this.forgetIdsNotStored();
    return n;
  }

  /** Removes event_ids rows whose event is no longer stored, so an erased id is not taken for a stored one. */
  private async forgetIdsNotStored(): Promise<void> {
    await this.command("ALTER TABLE event_ids DELETE WHERE event_id NOT IN (SELECT event_id FROM events)");
    await this.waitForMutations();
  }

  async appendAudit(entries: AuditRow[]): Promise<void> {
    if (!entries.length) return;
    const values = entries.map(({ at, ...e }) => ({ ...e, ts: at }));
    await this.client.insert({ table: "audit_log", values, format: "JSONEachRow" });
  }

  /**
   * Each table read whole through the client as JSON lines. ClickHouse has no multi-table
   * transaction: the loader checkpoints are read first, so everything they cover is in the dump;
   * events loaded meanwhile may be in it too (see docs/operations.md).
   */
  async snapshotTables(tables: readonly string[], dir: string): Promise<Snapshot> {
    const checkpoints = (
      await this.all("SELECT node, segment, offset FROM loader_checkpoints FINAL ORDER BY node")
    ).map((r) => ({ node: r.node as string, segment: num(r.segment), offset: num(r.offset) }));
    const dumps: TableDump[] = [];
    for (const table of tables) {
      const file = `${table}.jsonl`;
      const result = await this.client.query({
        query: `SELECT * FROM ${table}`,
        format: "JSONEachRow",
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      });
      const out = createWriteStream(join(dir, file));
      let rows = 0;
      for await (const batch of result.stream()) {
        for (const row of batch) {
          rows += 1;
          if (!out.write(`${row.text}\n`)) await once(out, "drain");
        }
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      dumps.push({ table, file, rows });
    }
    return { tables: dumps, checkpoints };
  }

  async restoreTables(dumps: readonly TableDump[], dir: string): Promise<void> {
    for (const d of dumps) {
      const lines = createInterface({
        input: createReadStream(join(dir, d.file)),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let chunk: Row[] = [];
      const flush = async () => {
        if (chunk.length) await this.client.insert({ table: d.table, values: chunk, format: "JSONEachRow" });
        chunk = [];
      };
      for await (const line of lines) {
        if (!line) continue;
        chunk.push(JSON.parse(line) as Row);
        if (chunk.length >= RESTORE_CHUNK_ROWS) await flush();
      }
      await flush();
    }
  }

  /** ClickHouse deletes asynchronously; wait, so that a caller reading next sees the result. */
  private async waitForMutations(): Promise<void> {
    const deadline = Date.now() + MUTATION_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const [r] = await this.all(
        "SELECT count() AS pending FROM system.mutations WHERE database = currentDatabase() AND is_done = 0",
      );
      if (!num(r?.pending ?? 0)) return;
      await sleep(50);
    }
    throw new Error(`ClickHouse mutations still running after ${MUTATION_TIMEOUT_MS} ms`);
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    const current = await this.leaseHolder(name);
    if (current && current.holder !== holder && current.expires_at > now) return false;
    await this.command(`INSERT INTO leases VALUES (${lit(name)}, ${lit(holder)}, ${lit(now)}, ${lit(now + ttlMs)})`);
    // Two nodes may both have found it free. Each waits until a rival's claim, made just as it
    // looked, has landed; then all replay the same claims and agree on one winner.
    await sleep(LEASE_SETTLE_MS);
    return (await this.leaseHolder(name))?.holder === holder;
  }

  /** Replays recent claims in order: a claim counts unless another holder's claim was still unexpired. */
  private async leaseHolder(name: string): Promise<{ holder: string; expires_at: number } | null> {
    const claims = await this.all(
      `SELECT holder, claimed_at, expires_at FROM leases WHERE name = ${lit(name)}
       ORDER BY claimed_at DESC, holder DESC LIMIT 100`,
    );
    let winner: { holder: string; expires_at: number } | null = null;
    for (const c of claims.reverse()) {
      const claim = { holder: c.holder as string, claimed_at: num(c.claimed_at), expires_at: num(c.expires_at) };
      if (!winner || winner.holder === claim.holder || winner.expires_at <= claim.claimed_at) {
        winner = { holder: claim.holder, expires_at: claim.expires_at };
      }
    }
    return winner;
  }

  /**
   * A lease here is its history of claims, so a name is forgotten only when all its claims expired:
   * dropping some old claims could let a refused claim win on replay. One mutation; a claim inserted
   * after it was issued is in a newer part, which the mutation does not touch.
   */
  async releaseExpiredLeases(before: number): Promise<number> {
    const expired = `SELECT name FROM leases GROUP BY name HAVING max(expires_at) <= ${lit(before)}`;
    const [r] = await this.all(`SELECT count() AS n FROM (${expired})`);
    const n = num(r?.n ?? 0);
    if (!n) return 0;
    await this.command(`ALTER TABLE leases DELETE WHERE name IN (${expired})`);
    await this.waitForMutations();
    return n;
  }

  async insertApiKey(key: ApiKeyRecord): Promise<void> {
    // ClickHouse has no unique constraints: refuse a taken id or hash here, as DuckDB's keys do.
    const [taken] = await this.all(
      `SELECT count() AS n FROM api_keys FINAL WHERE id = ${lit(key.id)} OR key_hash = ${lit(key.key_hash)}`,
    );
    if (num(taken?.n ?? 0) > 0) throw new Error(`API key id or hash already registered (id ${key.id})`);
    await this.writeApiKey(key, 1);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const found = await this.all(`SELECT ${API_KEY_COLUMNS.join(", ")} FROM api_keys FINAL ORDER BY created_at, id`);
    return found.map(apiKeyOf);
  }

  async revokeApiKey(id: string, at: number): Promise<boolean> {
    const [r] = await this.all(
      `SELECT ${API_KEY_COLUMNS.join(", ")}, version FROM api_keys FINAL WHERE id = ${lit(id)}`,
    );
    if (!r) return false;
    if (r.revoked_at === null) await this.writeApiKey({ ...apiKeyOf(r), revoked_at: at }, num(r.version) + 1);
    return true;
  }

  /** One version of a key's row: the newest version wins (ReplacingMergeTree, read with FINAL). */
  private async writeApiKey(key: ApiKeyRecord, version: number): Promise<void> {
    await this.command(
      `INSERT INTO api_keys (${API_KEY_COLUMNS.join(", ")}, version) VALUES (${litList([...apiKeyValues(key), version])})`,
    );
  }

  async insertPrice(price: PriceRecord): Promise<void> {
    // No unique constraint here: refuse a taken id, as DuckDB's primary key does.
    const [taken] = await this.all(`SELECT count() AS n FROM prices FINAL WHERE id = ${lit(price.id)}`);
    if (num(taken?.n ?? 0) > 0) throw new Error(`price id already registered (${price.id})`);
    await this.command(`INSERT INTO prices VALUES (${litList(priceValues(price))}, 0, 1)`);
  }

  async listPrices(): Promise<PriceRecord[]> {
    const found = await this.all(`SELECT ${PRICE_COLUMNS} FROM prices FINAL WHERE deleted = 0 ORDER BY ${PRICE_ORDER}`);
    return found.map(toPriceRecord);
  }

  /** A deletion is a newer version of the row, marked deleted: FINAL reads see it at once. */
  async deletePrice(id: string): Promise<boolean> {
    const [r] = await this.all(`SELECT *, version FROM prices FINAL WHERE id = ${lit(id)} AND deleted = 0`);
    if (!r) return false;
    await this.command(
      `INSERT INTO prices VALUES (${litList(priceValues(toPriceRecord(r)))}, 1, ${num(r.version) + 1})`,
    );
    return true;
  }

  /** The next version of a row of a ReplacingMergeTree table (1 for a new id). */
  private async nextVersion(table: string, id: string): Promise<number> {
    const [r] = await this.all(`SELECT max(version) AS v FROM ${table} WHERE id = ${lit(id)}`);
    return num(r?.v ?? 0) + 1;
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

  /** Tables of definitions kept as JSON (alert rules, dashboards): versioned rows read with FINAL. */
  private async saveDefinition(table: DefinitionTable, r: DefinitionRecord): Promise<void> {
    const version = await this.nextVersion(table, r.id);
    await this.command(`INSERT INTO ${table} VALUES (${litList(alertRuleValues(r))}, 0, ${version})`);
  }

  private async listDefinitions(table: DefinitionTable): Promise<DefinitionRecord[]> {
    const found = await this.all(
      `SELECT ${ALERT_RULE_COLUMNS} FROM ${table} FINAL WHERE deleted = 0 ORDER BY created_at, id`,
    );
    return found.map(toAlertRuleRecord);
  }

  /** A deletion is a newer version of the row, marked deleted (a tombstone): FINAL reads see it at once. */
  private async deleteDefinition(table: DefinitionTable, id: string): Promise<boolean> {
    const [r] = await this.all(
      `SELECT ${ALERT_RULE_COLUMNS}, version FROM ${table} FINAL WHERE id = ${lit(id)} AND deleted = 0`,
    );
    if (!r) return false;
    await this.command(
      `INSERT INTO ${table} VALUES (${litList(alertRuleValues(toAlertRuleRecord(r)))}, 1, ${num(r.version) + 1})`,
    );
    return true;
  }

  async saveAlert(alert: AlertRecord): Promise<void> {
    const version = await this.nextVersion("alerts", alert.id);
    await this.command(`INSERT INTO alerts VALUES (${litList(alertValues(alert))}, ${version})`);
  }

  async listAlerts(span: { from: number; to: number }): Promise<AlertRecord[]> {
    const found = await this.all(
      `SELECT ${ALERT_COLUMNS} FROM alerts FINAL
       WHERE started_at < ${lit(span.to)} AND (isNull(resolved_at) OR resolved_at >= ${lit(span.from)})
       ORDER BY ${ALERT_ORDER}`,
    );
    return found.map(toAlertRecord);
  }

  async currentAlerts(resolvedSince: number): Promise<AlertRecord[]> {
    const found = await this.all(
      `SELECT ${ALERT_COLUMNS} FROM alerts FINAL
       WHERE state = 'firing' OR (NOT isNull(resolved_at) AND resolved_at >= ${lit(resolvedSince)})
       ORDER BY ${ALERT_ORDER}`,
    );
    return currentOf(found.map(toAlertRecord));
  }

  async saveReportSchedule(schedule: ReportScheduleRecord): Promise<void> {
    const version = await this.nextVersion("report_schedules", schedule.id);
    await this.command(
      `INSERT INTO report_schedules VALUES (${litList(reportScheduleValues(schedule))}, 0, ${version})`,
    );
  }

  async listReportSchedules(): Promise<ReportScheduleRecord[]> {
    const found = await this.all(
      `SELECT ${REPORT_SCHEDULE_COLUMNS} FROM report_schedules FINAL WHERE deleted = 0 ORDER BY created_at, id`,
    );
    return found.map(toReportScheduleRecord);
  }

  /** A deletion is a newer version of the row, marked deleted: FINAL reads see it at once. */
  async deleteReportSchedule(id: string): Promise<boolean> {
    const [r] = await this.all(
      `SELECT ${REPORT_SCHEDULE_COLUMNS}, version FROM report_schedules FINAL WHERE id = ${lit(id)} AND deleted = 0`,
    );
    if (!r) return false;
    await this.command(
      `INSERT INTO report_schedules VALUES (${litList(reportScheduleValues(toReportScheduleRecord(r)))}, 1, ${num(r.version) + 1})`,
    );
    return true;
  }

  /**
   * The first version of a run's row is its claim. Two claimants that both found the run free
   * each insert one, wait for a rival's insert to land (as leases do), and agree on the earliest
   * claim (then the smaller claimant): only its claimant delivers. Any version of the row means
   * the run is taken, so a later claim fails even once merges have dropped the first version.
   */
  async claimReportRun(run: ReportRunRecord): Promise<boolean> {
    const where = `id = ${lit(run.id)}`;
    if ((await this.all(`SELECT 1 FROM report_runs WHERE ${where} LIMIT 1`)).length) return false;
    await this.command(`INSERT INTO report_runs VALUES (${litList(reportRunValues(run))}, 1)`);
    await sleep(LEASE_SETTLE_MS);
    const [first] = await this.all(
      `SELECT claimed_by FROM report_runs WHERE ${where} AND version = 1 ORDER BY started_at, claimed_by LIMIT 1`,
    );
    return first?.claimed_by === run.claimed_by;
  }

  async saveReportRun(run: ReportRunRecord): Promise<void> {
    const version = await this.nextVersion("report_runs", run.id);
    await this.command(`INSERT INTO report_runs VALUES (${litList(reportRunValues(run))}, ${version})`);
  }

  async listReportRuns(q: ReportRunsQuery): Promise<ReportRunRecord[]> {
    const where = [
      ...(q.scheduleId === undefined ? [] : [`schedule_id = ${lit(q.scheduleId)}`]),
      ...(q.status === undefined ? [] : [`status = ${lit(q.status)}`]),
    ];
    const found = await this.all(
      `SELECT ${REPORT_RUN_COLUMNS} FROM report_runs FINAL
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY ${REPORT_RUN_ORDER} LIMIT ${lit(q.limit)}`,
    );
    return found.map(toReportRunRecord);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

async function rows(client: ClickHouseClient, query: string, query_id?: string): Promise<Row[]> {
  const result = await client.query({ query, format: "JSONEachRow", ...(query_id ? { query_id } : {}) });
  return result.json<Row>();
}

/** The query's name in ClickHouse's query log and system.processes, unique per run. */
function queryId(name: string): string {
  return `${name}-${randomUUID()}`;
}
