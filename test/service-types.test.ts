import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { PublicKey } from "../src/model/api-key.js";
import type { BatchResult } from "../src/model/batch-result.js";
import type { PublicEvent } from "../src/model/event.js";
import type { EventType } from "../src/model/event-types.js";
import type { Scope } from "../src/model/scopes.js";
import type { SessionView } from "../src/model/session.js";
import type { SessionStatus } from "../src/model/session-status.js";
import {
  AnalyticsService,
  type ApiRequest,
  type CognitiveProcess,
  type Envelope,
  type ErrorEvent,
  type PerformanceTiming,
  type SessionStart,
  type SystemMetrics,
  type UserAction,
} from "../src/service.js";
import { eventsPage } from "../src/store/queries/events-page.js";
import { tempDir } from "./helpers/test-app.js";

// Compile-time checks (tsc runs over test/ in `npm test`): the types derived from the TypeBox schemas
// have exactly the fields the hand-written types of the first release had, so users' code still
// compiles. Each `Check<…>` fails to compile unless its argument is `true`.

type Check<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type RequiredKeys<T> = { [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K> ? never : K }[keyof T];
/** Same fields, same required ones, and each assignable to the other. */
type SameShape<A, B> =
  Same<keyof A, keyof B> extends true
    ? Same<RequiredKeys<A>, RequiredKeys<B>> extends true
      ? Same<A, B>
      : false
    : false;

// The check itself tells an optional field, a null and a missing field apart.
export type CheckCanFail = [
  Check<Same<SameShape<{ a: string }, { a?: string }>, false>>,
  Check<Same<SameShape<{ a: string }, { a: string | null }>, false>>,
  Check<Same<SameShape<{ a: string }, { a: string; b?: number }>, false>>,
  Check<SameShape<{ a: string; b?: number }, { a: string; b?: number }>>,
];

// The library's input types as the first release declared them by hand.
interface HandEnvelope {
  eventId?: string;
  timestamp?: Date | number | string;
  userId?: string | null;
  sessionId?: string | null;
}
interface HandUserAction extends HandEnvelope {
  action: string;
  details?: Record<string, unknown> | null;
}
interface HandApiRequest extends HandEnvelope {
  endpoint: string;
  method: string;
  statusCode: number;
  responseTime: number;
  ipAddress?: string | null;
  userAgent?: string | null;
}
interface HandCognitiveProcess extends HandEnvelope {
  membraneType: string;
  processingTime: number;
  inputTokens: number;
  outputTokens: number;
  success: boolean;
  errorMessage?: string | null;
  model?: string | null;
  cost?: number | null;
}
interface HandSystemMetrics extends HandEnvelope {
  cpuUsage: number;
  memoryUsage: number;
  diskUsage: number;
  networkIo?: Record<string, number>;
  responseTime?: number;
  throughput?: number;
  errorRate?: number;
  activeSessions?: number;
  cacheHitRate?: number;
}
interface HandErrorEvent extends HandEnvelope {
  errorType: string;
  errorMessage: string;
  stackTrace?: string | null;
  context?: Record<string, unknown> | null;
}
interface HandPerformanceTiming extends HandEnvelope {
  name: string;
  value: number;
  unit?: string;
}
interface HandSessionStart {
  sessionId?: string;
  userId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}
interface HandSessionView {
  session_id: string;
  user_id: string | null;
  status: SessionStatus;
  start_time: string;
  last_activity: string;
  end_time: string | null;
  duration_seconds: number;
  ip_address: string | null;
  user_agent: string | null;
  events_count: number;
  cognitive_processes: number;
  api_calls: number;
}
interface HandPublicEvent {
  event_id: string;
  event_type: EventType;
  timestamp: string;
  received_at: string;
  user_id: string | null;
  session_id: string | null;
  data: Record<string, unknown>;
}
interface HandPublicKey {
  id: string;
  name: string;
  scopes: Scope[];
  created_at: string;
  revoked_at: string | null;
  // Added by issue 18 (keys for every use): a listed key shows its expiry and browser origins.
  expires_at: string | null;
  allowed_origins: string[];
}
interface HandBatchResult {
  accepted: Array<{ index: number; event_id: string }>;
  rejected: Array<{ index: number; errors: Array<{ field: string; message: string }> }>;
}

export type DerivedTypesMatch = [
  Check<SameShape<Envelope, HandEnvelope>>,
  Check<SameShape<UserAction, HandUserAction>>,
  Check<SameShape<ApiRequest, HandApiRequest>>,
  Check<SameShape<CognitiveProcess, HandCognitiveProcess>>,
  Check<SameShape<SystemMetrics, HandSystemMetrics>>,
  Check<SameShape<ErrorEvent, HandErrorEvent>>,
  Check<SameShape<PerformanceTiming, HandPerformanceTiming>>,
  // The schema also takes an event id and a time for a session's start, and a null id (one is made up):
  // wider than the first release, so every call that compiled still does.
  Check<HandSessionStart extends SessionStart ? true : false>,
  Check<SameShape<Exclude<keyof SessionStart, "eventId" | "timestamp">, keyof HandSessionStart>>,
  Check<SameShape<SessionView, HandSessionView>>,
  Check<SameShape<PublicEvent, HandPublicEvent>>,
  Check<SameShape<PublicKey, HandPublicKey>>,
  Check<SameShape<BatchResult, HandBatchResult>>,
];

// What the schemas refuse, the types refuse too.
const base = { endpoint: "/chat", method: "POST", statusCode: 200, responseTime: 1 };
export const refused: ApiRequest[] = [
  // @ts-expect-error a status code is a number
  { ...base, statusCode: "200" },
  // @ts-expect-error a snake_case name is not a library field
  { ...base, status_code: 200 },
  // @ts-expect-error a time is a Date, epoch ms or an ISO string
  { ...base, timestamp: true },
];
// @ts-expect-error network counters are numbers
export const badCounters: SystemMetrics = { cpuUsage: 1, memoryUsage: 1, diskUsage: 1, networkIo: { bytesIn: "5" } };

// And what the types take, the schemas take: samples with every field, through the running library.
describe("the library's derived types", () => {
  let d: { dir: string; remove(): Promise<void> };
  let service: AnalyticsService;
  before(async () => {
    d = await tempDir();
    service = new AnalyticsService({ dataDirectory: d.dir });
    await service.start();
  });
  after(async () => {
    await service.stop();
    await d.remove();
  });

  test("a sample of each type, every field set, is accepted and stored under its snake_case names", async () => {
    const at = new Date(Date.now() - 60_000);
    const envelope: Envelope = { timestamp: at, userId: "u1", sessionId: null };
    const start: SessionStart = { sessionId: "typed-s1", userId: "u1", ipAddress: "10.0.0.1", userAgent: "sdk/1" };
    const action: UserAction = { ...envelope, eventId: "typed-1", action: "login", details: null };
    const request: ApiRequest = {
      ...envelope,
      eventId: "typed-2",
      ...base,
      ipAddress: "10.0.0.2",
      userAgent: null,
    };
    const run: CognitiveProcess = {
      ...envelope,
      eventId: "typed-3",
      membraneType: "memory",
      processingTime: 4,
      inputTokens: 10,
      outputTokens: 2,
      success: false,
      errorMessage: "timeout",
      model: null,
      cost: 0.5,
    };
    const metrics: SystemMetrics = {
      ...envelope,
      eventId: "typed-4",
      cpuUsage: 1,
      memoryUsage: 2,
      diskUsage: 3,
      networkIo: { bytesIn: 5, eth0BytesOut: 6 },
      responseTime: 7,
      throughput: 8,
      errorRate: 9,
      activeSessions: 10,
      cacheHitRate: 11,
    };
    const error: ErrorEvent = {
      ...envelope,
      eventId: "typed-5",
      errorType: "E",
      errorMessage: "m",
      stackTrace: null,
      context: { someKey: 1 },
    };
    const timing: PerformanceTiming = { ...envelope, eventId: "typed-6", name: "ttfb", value: 87, unit: "ms" };
    assert.equal(await service.startUserSession(start), "typed-s1");
    assert.deepEqual(
      [
        await service.trackUserAction(action),
        await service.trackApiRequest(request),
        await service.trackCognitiveProcess(run),
        await service.trackSystemMetrics(metrics),
        await service.trackError(error),
        await service.trackPerformance(timing),
      ],
      ["typed-1", "typed-2", "typed-3", "typed-4", "typed-5", "typed-6"],
    );
    await service.pipeline.drain();
    const stored = new Map((await service.store.run(eventsPage({ limit: 10 }))).map((e) => [e.event_id, e]));
    assert.equal(stored.get("typed-4")?.timestamp, at.getTime());
    assert.deepEqual(stored.get("typed-4")?.data, {
      cpu_usage: 1,
      memory_usage: 2,
      disk_usage: 3,
      network_io: { bytes_in: 5, eth0_bytes_out: 6 },
      response_time: 7,
      throughput: 8,
      error_rate: 9,
      active_sessions: 10,
      cache_hit_rate: 11,
    });
    assert.deepEqual(stored.get("typed-5")?.data, {
      error_type: "E",
      error_message: "m",
      stack_trace: null,
      context: { someKey: 1 },
    });
  });
});
