import { setTimeout as sleep } from "node:timers/promises";
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { StoreUnreachableError } from "../../errors.js";
import type { LogPosition } from "../../ingest/log-position.js";
import type { EventRecord } from "../../model/event.js";
import type { EventType } from "../../model/event-types.js";
import type { ApiKeyRecord, EventQuery, Scope, SessionAggregate, SessionQuery, Store, StoreStats } from "../port.js";
import { MIGRATIONS } from "./migrations.js";
import { isNetworkError } from "./network.js";
import { apiKeyValues, type Row, SESSION_SELECT, toRow, toSession } from "./rows.js";
import { lit, litList, num, numOrNull } from "./sql.js";
import { parseClickHouseUrl } from "./url.js";

const MUTATION_TIMEOUT_MS = 60_000;
const LEASE_SETTLE_MS = 250;
const HOUR_MS = 3_600_000;
const LOOK_BACK_SPANS_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, 31 * 24 * HOUR_MS];

/** The scale-out store: a ClickHouse server (or cluster) shared by any number of API nodes. */
export class ClickHouseStore implements Store {
  readonly engine = "clickhouse";

  private constructor(
    private readonly client: ClickHouseClient,
    readonly serverVersion: string,
  ) {}

  static async open(storeUrl: string): Promise<ClickHouseStore> {
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
    return new ClickHouseStore(client, String(v?.v ?? "unknown"));
  }

  private all(query: string): Promise<Row[]> {
    return rows(this.client, query);
  }

  private run(query: string): Promise<unknown> {
    return this.client.command({ query });
  }

  async migrate(): Promise<void> {
    await this.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, applied_at Int64) ENGINE = MergeTree ORDER BY version",
    );
    const done = new Set((await this.all("SELECT DISTINCT version FROM schema_migrations")).map((r) => num(r.version)));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      // DDL is not transactional here: every statement is IF NOT EXISTS, so a half-done migration reruns safely.
      for (const s of m.statements) await this.run(s);
      await this.run(`INSERT INTO schema_migrations VALUES (${m.version}, ${Date.now()})`);
    }
  }

  async insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number> {
    const unique = new Map<string, EventRecord>();
    for (const e of events) if (!unique.has(e.event_id)) unique.set(e.event_id, e);
    // A client's retry of an event already stored (possibly through another node) is dropped here;
    // ids the server made up cannot be stored yet, so they are not looked for.
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
    await this.run(
      `INSERT INTO loader_checkpoints VALUES (${lit(node)}, ${upTo.segment}, ${upTo.offset}, ${Date.now()})`,
    );
    return fresh.length;
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
    await this.run(`ALTER TABLE events DELETE WHERE ${where}`);
    await this.run(`ALTER TABLE event_ids DELETE WHERE ${where}`);
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

  async queryEvents(q: EventQuery): Promise<EventRecord[]> {
    if (q.from !== undefined) return this.selectEvents(q);
    // Without a lower bound, "newest first" would sort the whole table: look back in growing spans
    // instead; once a span holds a full page, no older event can belong on it.
    const upper = Math.min(q.to ?? Number.POSITIVE_INFINITY, q.after ? q.after.at + 1 : Number.POSITIVE_INFINITY);
    const top = Number.isFinite(upper) ? upper : await this.newestTs();
    if (top === null) return [];
    for (const span of LOOK_BACK_SPANS_MS) {
      const rows = await this.selectEvents({ ...q, from: top - span });
      if (rows.length >= q.limit) return rows;
    }
    return this.selectEvents(q);
  }

  private async newestTs(): Promise<number | null> {
    const [r] = await this.all("SELECT count() AS n, max(ts) AS newest FROM events");
    return num(r?.n ?? 0) ? num(r?.newest) + 1 : null;
  }

  private async selectEvents(q: EventQuery): Promise<EventRecord[]> {
    const where: string[] = [];
    if (q.eventType) where.push(`event_type = ${lit(q.eventType)}`);
    if (q.userId) where.push(`user_id = ${lit(q.userId)}`);
    if (q.sessionId) where.push(`session_id = ${lit(q.sessionId)}`);
    if (q.from !== undefined) where.push(`ts >= ${lit(q.from)}`);
    if (q.to !== undefined) where.push(`ts < ${lit(q.to)}`);
    if (q.after) {
      const at = lit(q.after.at);
      where.push(`(ts < ${at} OR (ts = ${at} AND event_id < ${lit(q.after.id)}))`);
    }
    const found = await this.all(
      `SELECT event_id, event_type, ts, received_at, user_id, session_id, data FROM events
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY ts DESC, event_id DESC LIMIT ${Math.trunc(q.limit)}`,
    );
    return found.map((r) => ({
      event_id: r.event_id as string,
      event_type: r.event_type as EventType,
      timestamp: num(r.ts),
      received_at: num(r.received_at),
      user_id: (r.user_id as string | null) ?? null,
      session_id: (r.session_id as string | null) ?? null,
      data: JSON.parse(r.data as string) as Record<string, unknown>,
    }));
  }

  async stats(): Promise<StoreStats> {
    const [r] = await this.all("SELECT count() AS n, min(ts) AS oldest, max(ts) AS newest FROM events");
    const n = num(r?.n ?? 0);
    // On an empty table ClickHouse answers 0, not NULL, for min and max.
    return {
      total_events: n,
      oldest_event: n ? num(r?.oldest) : null,
      newest_event: n ? num(r?.newest) : null,
    };
  }

  async deleteEventsBefore(cutoff: number): Promise<number> {
    const [r] = await this.all(`SELECT count() AS n FROM events WHERE ts < ${lit(cutoff)}`);
    const n = num(r?.n ?? 0);
    if (!n) return 0;
    await this.run(`ALTER TABLE events DELETE WHERE ts < ${lit(cutoff)}`);
    await this.run(`ALTER TABLE event_ids DELETE WHERE ts < ${lit(cutoff)}`);
    await this.waitForMutations();
    return n;
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

  async getSession(sessionId: string): Promise<SessionAggregate | null> {
    const found = await this.all(`${SESSION_SELECT} WHERE session_id = ${lit(sessionId)} GROUP BY session_id`);
    return found[0] ? toSession(found[0]) : null;
  }

  async listSessions(q: SessionQuery): Promise<SessionAggregate[]> {
    const having: string[] = [];
    if (q.userId) having.push(`first_user_id = ${lit(q.userId)}`);
    const idle = `max(ts) <= ${lit(q.now - q.timeoutMs)}`;
    const ended = "countIf(event_type = 'session_end') > 0";
    if (q.status === "terminated") having.push(ended);
    if (q.status === "expired") having.push(`NOT (${ended}) AND ${idle}`);
    if (q.status === "active") having.push(`NOT (${ended}) AND NOT (${idle})`);
    if (q.after) {
      const at = lit(q.after.at);
      having.push(`(max(ts) < ${at} OR (max(ts) = ${at} AND session_id < ${lit(q.after.id)}))`);
    }
    const found = await this.all(
      `${SESSION_SELECT}
       WHERE session_id IN (SELECT session_id FROM events WHERE ts >= ${lit(q.activeSince)} AND session_id IS NOT NULL)
       GROUP BY session_id
       ${having.length ? `HAVING ${having.join(" AND ")}` : ""}
       ORDER BY last_activity DESC, session_id DESC LIMIT ${Math.trunc(q.limit)}`,
    );
    return found.map(toSession);
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    const current = await this.leaseHolder(name);
    if (current && current.holder !== holder && current.expires_at > now) return false;
    await this.run(`INSERT INTO leases VALUES (${lit(name)}, ${lit(holder)}, ${lit(now)}, ${lit(now + ttlMs)})`);
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

  async insertApiKey(key: ApiKeyRecord): Promise<void> {
    // ClickHouse has no unique constraints: refuse a taken id or hash here, as DuckDB's keys do.
    const [taken] = await this.all(
      `SELECT count() AS n FROM api_keys FINAL WHERE id = ${lit(key.id)} OR key_hash = ${lit(key.key_hash)}`,
    );
    if (num(taken?.n ?? 0) > 0) throw new Error(`API key id or hash already registered (id ${key.id})`);
    await this.run(`INSERT INTO api_keys VALUES (${apiKeyValues(key, 1)})`);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const found = await this.all("SELECT * FROM api_keys FINAL ORDER BY created_at, id");
    return found.map((r) => ({
      id: r.id as string,
      name: r.name as string,
      scopes: (r.scopes as string).split(",").filter(Boolean) as Scope[],
      key_hash: r.key_hash as string,
      created_at: num(r.created_at),
      revoked_at: numOrNull(r.revoked_at),
    }));
  }

  async revokeApiKey(id: string, at: number): Promise<boolean> {
    const [r] = await this.all(`SELECT *, version FROM api_keys FINAL WHERE id = ${lit(id)}`);
    if (!r) return false;
    if (r.revoked_at === null) {
      const key: ApiKeyRecord = {
        id,
        name: r.name as string,
        scopes: (r.scopes as string).split(",").filter(Boolean) as Scope[],
        key_hash: r.key_hash as string,
        created_at: num(r.created_at),
        revoked_at: at,
      };
      await this.run(`INSERT INTO api_keys VALUES (${apiKeyValues(key, num(r.version) + 1)})`);
    }
    return true;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

async function rows(client: ClickHouseClient, query: string): Promise<Row[]> {
  const result = await client.query({ query, format: "JSONEachRow" });
  return result.json<Row>();
}
