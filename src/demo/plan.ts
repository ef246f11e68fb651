import type { EventType } from "../model/event-types.js";
import { USER_AGENTS } from "./catalogue.js";
import { Random } from "./random.js";

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const DEFAULT_DEMO_USERS = 300;

export interface DemoOptions {
  /** Same seed and end → the same events (and event ids), so a re-run stores nothing twice. */
  seed: number;
  /** How many users; 300 when absent. */
  users?: number;
  /** End of the simulated day, epoch ms: events cover the 24 h before it and none is after it. */
  end: number;
}

/** A half-open time range [start, end) in epoch ms. */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface DemoUser {
  userId: string;
  ipAddress: string;
  userAgent: string;
}

export interface SessionPlan {
  index: number;
  sessionId: string;
  user: DemoUser;
  start: number;
  /** When the user means to leave; the last interaction starts before it. */
  plannedEnd: number;
  /** The client never sends session_end (tab killed, network lost): the service must expire it. */
  leftOpen: boolean;
}

/** Everything decided before any event is drawn; cheap, so tests and the CLI can inspect it. */
export interface DemoPlan {
  seed: number;
  /** First instant of the simulated day (end − 24 h). */
  start: number;
  end: number;
  users: DemoUser[];
  /** Sorted by start. */
  sessions: SessionPlan[];
  /** 20 minutes of three times the traffic and latency (a launch, a viral post). */
  trafficSpike: TimeWindow;
  /** 15 minutes in which the model provider fails: many 5xx and failed reasoning runs. */
  errorBurst: TimeWindow;
}

// Relative session-start rate by UTC hour: quiet nights, busy working hours with a lunch dip.
const HOURLY_WEIGHT = [
  0.12, 0.08, 0.06, 0.06, 0.08, 0.12, 0.25, 0.45, 0.75, 0.95, 1.0, 0.95, 0.75, 0.85, 1.0, 0.95, 0.85, 0.7, 0.55, 0.45,
  0.4, 0.32, 0.25, 0.18,
];
const SPIKE_FACTOR = 3;

/** The daily rhythm, interpolated between hours so there are no steps at the hour. */
export function dailyWeight(t: number): number {
  const h = (((t % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  const i = Math.floor(h);
  const a = HOURLY_WEIGHT[i] ?? 0;
  const b = HOURLY_WEIGHT[(i + 1) % 24] ?? 0;
  return a + (b - a) * (h - i);
}

export function inWindow(t: number, w: TimeWindow): boolean {
  return t >= w.start && t < w.end;
}

/** Latency and traffic multiplier at `t`. */
export function spikeFactor(plan: DemoPlan, t: number): number {
  return inWindow(t, plan.trafficSpike) ? SPIKE_FACTOR : 1;
}

export function checkDemoOptions(options: DemoOptions): Required<DemoOptions> {
  const users = options.users ?? DEFAULT_DEMO_USERS;
  if (!Number.isSafeInteger(options.seed)) throw new RangeError("demo seed must be an integer");
  if (!Number.isInteger(users) || users < 1 || users > 100_000) {
    throw new RangeError("demo users must be an integer from 1 to 100000");
  }
  if (!Number.isFinite(options.end) || options.end < DAY_MS) throw new RangeError("demo end must be epoch ms");
  return { seed: options.seed, users, end: Math.floor(options.end) };
}

/** Prefix of every id the demo makes: the end is part of it so two different days never share ids. */
export function demoIdPrefix(seed: number, end: number): string {
  return `demo-${seed}-${end.toString(36)}`;
}

export function planDemoDay(options: DemoOptions): DemoPlan {
  const { seed, users: userCount, end } = checkDemoOptions(options);
  const start = end - DAY_MS;
  const rng = Random.derive(seed, end, 1);

  const trafficSpike = pickWindow(rng, start, end, [10, 11, 12, 13, 14], 20);
  const errorBurst = pickWindow(rng, start, end, [15, 16, 17], 15, trafficSpike);
  const draft = { seed, start, end, trafficSpike, errorBurst };

  const users: DemoUser[] = [];
  for (let i = 1; i <= userCount; i++) {
    users.push({
      // User ids do not depend on the seed: the same demo users come back day after day.
      userId: `demo-user-${String(i).padStart(4, "0")}`,
      ipAddress: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      userAgent: rng.weighted(USER_AGENTS),
    });
  }

  const starts: Array<{ user: DemoUser; start: number }> = [];
  for (const user of users) {
    const n = rng.weighted([
      [1, 35],
      [2, 30],
      [3, 20],
      [4, 15],
    ] as const);
    for (let k = 0; k < n; k++) starts.push({ user, start: sampleStart(rng, draft) });
  }
  starts.sort((a, b) => a.start - b.start || a.user.userId.localeCompare(b.user.userId));

  const prefix = demoIdPrefix(seed, end);
  const sessions = starts.map(({ user, start: s }, index): SessionPlan => {
    const minutes = Math.min(180, Math.max(1, rng.lognormal(10, 0.8)));
    return {
      index,
      sessionId: `${prefix}-s${index}`,
      user,
      start: s,
      plannedEnd: s + Math.round(minutes * MINUTE_MS),
      leftOpen: rng.chance(0.08),
    };
  });

  return { ...draft, users, sessions };
}

/** Rejection sampling against the daily rhythm times the spike. */
function sampleStart(rng: Random, plan: Pick<DemoPlan, "start" | "end" | "trafficSpike">): number {
  const max = SPIKE_FACTOR;
  for (;;) {
    const t = rng.int(plan.start, plan.end - 1);
    const w = dailyWeight(t) * (inWindow(t, plan.trafficSpike) ? SPIKE_FACTOR : 1);
    if (rng.next() * max < w) return t;
  }
}

/**
 * A window starting in one of the given UTC hours (any daytime hour when the day's edges rule those
 * out), at least an hour away from both ends of the day so that there is ordinary traffic on each
 * side to compare it with, and clear of `avoid`.
 */
function pickWindow(
  rng: Random,
  start: number,
  end: number,
  hours: number[],
  minutes: number,
  avoid?: TimeWindow,
): TimeWindow {
  const HOUR = 3_600_000;
  const fits = (h: number) =>
    h >= start + HOUR && h + 2 * HOUR <= end && (!avoid || h + HOUR <= avoid.start || h >= avoid.end);
  const boundaries: number[] = [];
  for (let h = Math.ceil(start / HOUR) * HOUR; h < end; h += HOUR) if (fits(h)) boundaries.push(h);
  const hourOf = (h: number) => new Date(h).getUTCHours();
  const preferred = boundaries.filter((h) => hours.includes(hourOf(h)));
  const daytime = boundaries.filter((h) => hourOf(h) >= 8 && hourOf(h) <= 20);
  const hourStart = rng.pick(preferred.length ? preferred : daytime.length ? daytime : boundaries);
  const s = hourStart + rng.int(0, 60 - minutes) * MINUTE_MS;
  return { start: s, end: s + minutes * MINUTE_MS };
}

/** An event before the merge numbers it: the library's camelCase fields and an epoch-ms timestamp. */
export type DraftEvent = { eventType: EventType; timestamp: number } & Record<string, unknown>;
