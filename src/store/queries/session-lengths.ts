import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { always, join, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Lower bounds (minutes) of the session-length bands: [0, 1), [1, 5), … [60, ∞). */
export const SESSION_BANDS_MINUTES = [0, 1, 5, 15, 30, 60] as const;

export interface SessionLengths {
  /** Sessions with an event in the range; each one's length is the time from its first to its last event there. */
  sessions: number;
  mean_ms: number | null;
  median_ms: number | null;
  /** Sessions per band of SESSION_BANDS_MINUTES, in order. */
  bands: number[];
}

const Row = Type.Object({
  n: Num,
  span_avg: NumOrNull,
  span_p50: NumOrNull,
  ...Object.fromEntries(SESSION_BANDS_MINUTES.map((_, i) => [`band_${i}`, Num])),
});

/** Session lengths over a range, one row: how many, mean and median, and how many fall in each band. */
export function sessionLengths(spec: TimeRange): Query<SessionLengths> {
  return defineQuery({
    name: "session-lengths",
    row: Row,
    statement(d) {
      const bands = SESSION_BANDS_MINUTES.map((lo, i) => {
        const hi = SESSION_BANDS_MINUTES[i + 1];
        const cond =
          hi === undefined
            ? sql`span_ms >= ${lo * 60_000}`
            : sql`span_ms >= ${lo * 60_000} AND span_ms < ${hi * 60_000}`;
        return sql`${d.countIf(cond)} AS ${trusted(`band_${i}`)}`;
      });
      // Aliases differ from column names: in ClickHouse an alias shadows a column in the whole query.
      return sql`SELECT count(*) AS n,
        ${d.avgIf(sql`span_ms`, always)} AS span_avg,
        ${d.percentileIf(sql`span_ms`, 0.5, always)} AS span_p50,
        ${join(bands, ", ")}
        FROM (
          SELECT session_id AS per_session, max(ts) - min(ts) AS span_ms
          FROM events
          WHERE ${compileFilter(allOf(inRange(spec), { field: "session_id", op: "not_null" }), d)}
          GROUP BY session_id
        ) AS per`;
    },
    map: (r) => {
      const row = r as unknown as Record<string, number>;
      return {
        sessions: r.n,
        mean_ms: r.span_avg,
        median_ms: r.span_p50,
        bands: SESSION_BANDS_MINUTES.map((_, i) => row[`band_${i}`] as number),
      };
    },
  });
}
