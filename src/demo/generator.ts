import type { BatchEvent } from "../service.js";
import { mergeByTime } from "./merge.js";
import { type DemoOptions, type DemoPlan, demoIdPrefix, planDemoDay } from "./plan.js";
import { sessionEvents } from "./session-events.js";
import { metricEvents, systemErrorEvents } from "./system-events.js";

export type { DemoOptions, DemoPlan, TimeWindow } from "./plan.js";
export { DEFAULT_DEMO_USERS, planDemoDay } from "./plan.js";

/** A demo event in the library's batch form, with its deterministic id and epoch-ms timestamp. */
export type DemoEvent = BatchEvent & { eventId: string; timestamp: number };

/**
 * A simulated day of traffic of an AI application, in time order, ending at `options.end`: sessions
 * with user actions, API requests, cognitive runs and errors, a system metric each minute, a traffic
 * spike and an error burst. Pure: the same options give the same events with the same ids
 * (`demo-<seed>-<end in base 36>-<n>`), so feeding them twice stores them once.
 * Pass a plan from `planDemoDay` to reuse it.
 */
export function* generateDemoDay(options: DemoOptions, plan: DemoPlan = planDemoDay(options)): Generator<DemoEvent> {
  const prefix = demoIdPrefix(plan.seed, plan.end);
  const streams = [metricEvents(plan), systemErrorEvents(plan), ...plan.sessions.map((s) => sessionEvents(plan, s))];
  let n = 0;
  for (const event of mergeByTime(streams)) {
    yield { eventId: `${prefix}-${n++}`, ...event };
  }
}

/** The exact number of events `generateDemoDay` yields (by generating them; ~0.1 s per 40,000), for a progress bar. */
export function countDemoEvents(options: DemoOptions, plan: DemoPlan = planDemoDay(options)): number {
  let n = 0;
  for (const _ of generateDemoDay(options, plan)) n++;
  return n;
}
