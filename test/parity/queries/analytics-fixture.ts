import type { EventRecord } from "../../../src/model/event.js";
import { buildFixture } from "../fixture.js";

/** Epoch ms of an ISO time, for readable pinned values. */
export const at = (iso: string) => Date.parse(iso);

const event = (
  id: string,
  type: EventRecord["event_type"],
  timestamp: number,
  data: Record<string, unknown>,
  more: { user?: string | null; session?: string | null } = {},
): EventRecord => ({
  event_id: id,
  event_type: type,
  timestamp,
  received_at: timestamp + 1,
  user_id: more.user ?? null,
  session_id: more.session ?? null,
  data,
});

/** cpu_usage 1..20, one a minute from 2026-03-01T10:00Z: its p95 is 19.05 by numpy's linear rule. */
export const CPU_HOUR = { from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T11:00:00Z") };
/** response_time 0..3 on endpoint /median: its median is 1.5 (ClickHouse's quantileExact would say 2). */
export const MEDIAN_HOUR = { from: at("2026-03-01T12:00:00Z"), to: at("2026-03-01T13:00:00Z") };
/** Cognitive runs every 90 minutes across New York's DST start (2026-03-08 02:00 local). */
export const DST_SPAN = { from: at("2026-03-07T00:00:00Z"), to: at("2026-03-10T00:00:00Z") };

function analyticsEvents(): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = 1; i <= 20; i++) {
    out.push(
      event(`cpu-${i}`, "system_metric", CPU_HOUR.from + (i - 1) * 60_000, {
        cpu_usage: i,
        memory_usage: 50,
        disk_usage: 10,
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    out.push(
      event(`med-${i}`, "api_request", MEDIAN_HOUR.from + i * 60_000, {
        endpoint: "/median",
        method: "GET",
        status_code: 200,
        response_time: i,
      }),
    );
  }
  // A wildcard-bearing endpoint and one with an underscore, for the filter's escaping.
  out.push(
    event("odd-1", "api_request", MEDIAN_HOUR.from + 10 * 60_000, {
      endpoint: "/100%_off",
      method: "GET",
      status_code: 200,
      response_time: 7,
    }),
  );
  out.push(
    event("odd-2", "api_request", MEDIAN_HOUR.from + 11 * 60_000, {
      endpoint: "/100xoff",
      method: "GET",
      status_code: 200,
      response_time: 8,
    }),
  );
  const models = ["m-a", "m-b", null];
  const membranes = ["memory", "reasoning"];
  for (let i = 0; i < 48; i++) {
    const ts = at("2026-03-07T20:00:00Z") + i * 90 * 60_000;
    const data: Record<string, unknown> = {
      membrane_type: membranes[i % 2],
      processing_time: 100 + ((i * 37) % 250),
      input_tokens: 10 * (i % 7),
      output_tokens: 3 * (i % 5),
      success: i % 6 !== 0,
      ...(models[i % 3] === null ? {} : { model: models[i % 3] }),
      ...(i % 4 === 0 ? {} : { cost: 0.25 * (i % 4) }),
    };
    out.push(
      event(`run-${String(i).padStart(2, "0")}`, "cognitive_process", ts, data, {
        user: `u${i % 5}`,
        session: `rs-${i % 9}`,
      }),
    );
  }
  return out;
}

/** 12,000 actions one a second from 2026-04-01: more rows than one streamed chunk on either engine. */
export const STREAM_SPAN = { from: at("2026-04-01T00:00:00Z"), to: at("2026-04-02T00:00:00Z") };
export const STREAM_ROWS = 12_000;

function streamEvents(): EventRecord[] {
  return Array.from({ length: STREAM_ROWS }, (_, i) =>
    event(`st-${String(i).padStart(5, "0")}`, "user_action", STREAM_SPAN.from + i * 1000, { action: `a${i % 4}` }),
  );
}

/** The shared parity fixture (February 2026), the analytics events (March) and the stream's (April). */
export function queryFixture(): EventRecord[] {
  return [...buildFixture(), ...analyticsEvents(), ...streamEvents()];
}
