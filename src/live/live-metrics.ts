import type { EventRecord } from "../model/event.js";
import { figures, type GroupCounts, type WindowCounts, type WindowFigures } from "./figures.js";
import { Presence } from "./presence.js";
import { type GroupTally, sampleOf, type Tally } from "./tally.js";
import { type Caps, SlidingWindow } from "./window.js";

/** The live windows, in minutes; the API names them "1m", "5m", "15m", "60m". */
export const WINDOW_MINUTES = [1, 5, 15, 60] as const;
export type WindowName = `${(typeof WINDOW_MINUTES)[number]}m`;
export type LiveWindows = Record<WindowName, WindowFigures>;

export const DEFAULT_CAPS: Caps = { users: 100_000, groups: 200 };
/** Client-chosen event ids remembered to drop a retry the log took twice. */
const RECENT_IDS = 100_000;

function groupRows(map: Map<string | null, GroupTally>): GroupCounts[] {
  return [...map].map(([key, g]) => ({ key, ...g }));
}

/** A window's tally and its distinct users as the raw figures `figures` takes. */
export function countsOf(t: Tally, activeUsers: number): WindowCounts {
  const r = t.responseTime;
  const p = t.processingTime;
  return {
    events: t.events,
    byType: { ...t.byType },
    activeUsers,
    usersCapped: t.untrackedUserEvents > 0,
    apiRequests: t.apiRequests,
    serverErrors: t.serverErrors,
    response: { samples: r.count, avg: r.mean(), p50: r.quantile(0.5), p95: r.quantile(0.95), p99: r.quantile(0.99) },
    cognitiveRuns: t.cognitiveRuns,
    cognitiveSuccesses: t.cognitiveSuccesses,
    processing: { samples: p.count, avg: p.mean(), p95: p.quantile(0.95) },
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    byModel: groupRows(t.byModel),
    byMembrane: groupRows(t.byMembrane),
  };
}

/**
 * This node's live metrics: every acknowledged event goes into four sliding windows that keep
 * running totals (see SlidingWindow), so a snapshot costs a few map reads and three sketch scans per
 * window, whatever the load; distinct users are counted for all windows at once (Presence). Memory
 * is bounded by the caps and by the 60 slots of each window.
 */
export class LiveMetrics {
  private readonly windows: SlidingWindow[];
  private readonly presence: Presence;
  private readonly recentIds = new Set<string>();
  /** Events counted (in the 60-minute window or not), for the service's statistics. */
  fed = 0;

  constructor(
    private readonly now: () => number = Date.now,
    caps: Caps = DEFAULT_CAPS,
  ) {
    this.windows = WINDOW_MINUTES.map((m) => new SlidingWindow(m, caps));
    this.presence = new Presence(this.windows.length, caps.users);
  }

  /** Ages every window, and the users seen in it, to `now`. */
  private advance(now: number): void {
    this.windows.forEach((w, i) => {
      w.advance(now);
      this.presence.advance(i, w.span(now).from);
    });
  }

  /** Takes acknowledged events; a retry of a recent client-chosen id is not counted twice. */
  feed(records: readonly EventRecord[]): void {
    const now = this.now();
    this.advance(now);
    for (const e of records) {
      if (!e.id_generated && this.seen(e.event_id)) continue;
      this.fed += 1;
      const x = sampleOf(e);
      const untracked = x.user !== null && !this.presence.see(x.user, Math.min(x.timestamp, now));
      for (const w of this.windows) w.add(x, now, untracked);
    }
  }

  private seen(id: string): boolean {
    if (this.recentIds.has(id)) return true;
    this.recentIds.add(id);
    if (this.recentIds.size > RECENT_IDS) {
      this.recentIds.delete(this.recentIds.values().next().value as string);
    }
    return false;
  }

  /** The figures of every window at the clock's time. */
  snapshot(): LiveWindows {
    const now = this.now();
    const out = {} as LiveWindows;
    this.advance(now);
    this.windows.forEach((w, i) => {
      out[`${w.minutes}m` as WindowName] = figures(countsOf(w.total, this.presence.count(i)), w.minutes, w.span(now));
    });
    return out;
  }
}
