import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { always, sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";

export interface StoreStats {
  total_events: number;
  oldest_event: number | null;
  newest_event: number | null;
}

const Row = Type.Object({ total_events: Num, oldest_event: NumOrNull, newest_event: NumOrNull });

/** How many events are stored, and the oldest and newest event time (NULL when there are none). */
export function storeStats(): Query<StoreStats> {
  return defineQuery({
    name: "store-stats",
    row: Row,
    statement: (d) => sql`SELECT count(*) AS total_events,
      ${d.minIf(sql`ts`, always)} AS oldest_event, ${d.maxIf(sql`ts`, always)} AS newest_event
      FROM events`,
  });
}
