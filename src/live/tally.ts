import type { EventRecord } from "../model/event.js";
import { EVENT_TYPES, type EventType } from "../model/event-types.js";
import { type Binned, binned, Sketch } from "./sketch.js";

/** Cognitive runs of one model or membrane type. */
export interface GroupTally {
  runs: number;
  successes: number;
  input_tokens: number;
  output_tokens: number;
}

/** What the windows read of one event, taken from it once however many windows count it. */
export interface Sample {
  type: EventType;
  timestamp: number;
  user: string | null;
  serverError: boolean;
  /** Binned once for every sketch it goes into. */
  responseTime: Binned | null;
  processingTime: Binned | null;
  success: boolean;
  inputTokens: number;
  outputTokens: number;
  model: string | null;
  membrane: string | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
const binnedNum = (v: unknown): Binned | null => {
  const n = num(v);
  return n === null ? null : binned(n);
};

export function sampleOf(e: EventRecord): Sample {
  const d = e.data;
  const cognitive = e.event_type === "cognitive_process";
  const api = e.event_type === "api_request";
  return {
    type: e.event_type,
    timestamp: e.timestamp,
    user: e.user_id,
    serverError: api && (num(d.status_code) ?? 0) >= 500,
    responseTime: api ? binnedNum(d.response_time) : null,
    processingTime: cognitive ? binnedNum(d.processing_time) : null,
    success: cognitive && d.success === true,
    inputTokens: cognitive ? (num(d.input_tokens) ?? 0) : 0,
    outputTokens: cognitive ? (num(d.output_tokens) ?? 0) : 0,
    model: cognitive ? text(d.model) : null,
    membrane: cognitive ? text(d.membrane_type) : null,
  };
}

/** Where a sample is counted: the keys its window resolved against its caps (see SlidingWindow). */
export interface Placement {
  /** True when the event has a user the live metrics could not track (past the cap, see Presence). */
  untrackedUser: boolean;
  model: string | null;
  membrane: string | null;
}

function bumpGroup(map: Map<string | null, GroupTally>, key: string | null, d: GroupTally, sign: 1 | -1): void {
  let g = map.get(key);
  if (!g) {
    g = { runs: 0, successes: 0, input_tokens: 0, output_tokens: 0 };
    map.set(key, g);
  }
  g.runs += sign * d.runs;
  g.successes += sign * d.successes;
  g.input_tokens += sign * d.input_tokens;
  g.output_tokens += sign * d.output_tokens;
  if (g.runs === 0) map.delete(key);
}

function addRun(map: Map<string | null, GroupTally>, key: string | null, x: Sample): void {
  let g = map.get(key);
  if (!g) {
    g = { runs: 0, successes: 0, input_tokens: 0, output_tokens: 0 };
    map.set(key, g);
  }
  g.runs += 1;
  if (x.success) g.successes += 1;
  g.input_tokens += x.inputTokens;
  g.output_tokens += x.outputTokens;
}

/**
 * Everything the live figures are made of, for one slot of a window or for a whole window: counts
 * and sums that add and subtract exactly, and two quantile sketches. A window's total is the sum of
 * its slots; a slot that leaves the window is subtracted from it.
 */
export class Tally {
  events = 0;
  readonly byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  /** Events of users past the cap (distinct users are counted by Presence, for every window at once). */
  untrackedUserEvents = 0;
  apiRequests = 0;
  serverErrors = 0;
  readonly responseTime = new Sketch();
  cognitiveRuns = 0;
  cognitiveSuccesses = 0;
  readonly processingTime = new Sketch();
  inputTokens = 0;
  outputTokens = 0;
  readonly byModel = new Map<string | null, GroupTally>();
  readonly byMembrane = new Map<string | null, GroupTally>();

  add(x: Sample, at: Placement): void {
    this.events += 1;
    this.byType[x.type] += 1;
    if (at.untrackedUser) this.untrackedUserEvents += 1;
    if (x.type === "api_request") {
      this.apiRequests += 1;
      if (x.serverError) this.serverErrors += 1;
      if (x.responseTime !== null) this.responseTime.add(x.responseTime);
    } else if (x.type === "cognitive_process") {
      const successes = x.success ? 1 : 0;
      this.cognitiveRuns += 1;
      this.cognitiveSuccesses += successes;
      this.inputTokens += x.inputTokens;
      this.outputTokens += x.outputTokens;
      if (x.processingTime !== null) this.processingTime.add(x.processingTime);
      addRun(this.byModel, at.model, x);
      addRun(this.byMembrane, at.membrane, x);
    }
  }

  /** Takes away a slot that was added to this tally event by event. */
  subtract(slot: Tally): void {
    this.events -= slot.events;
    for (const t of EVENT_TYPES) this.byType[t] -= slot.byType[t];
    this.untrackedUserEvents -= slot.untrackedUserEvents;
    this.apiRequests -= slot.apiRequests;
    this.serverErrors -= slot.serverErrors;
    this.responseTime.subtract(slot.responseTime);
    this.cognitiveRuns -= slot.cognitiveRuns;
    this.cognitiveSuccesses -= slot.cognitiveSuccesses;
    this.processingTime.subtract(slot.processingTime);
    this.inputTokens -= slot.inputTokens;
    this.outputTokens -= slot.outputTokens;
    for (const [k, g] of slot.byModel) bumpGroup(this.byModel, k, g, -1);
    for (const [k, g] of slot.byMembrane) bumpGroup(this.byMembrane, k, g, -1);
  }
}
