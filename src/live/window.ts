import { type Placement, type Sample, Tally } from "./tally.js";

/** Each window is 60 slots of a 60th of its length: the 1-minute window ages second by second. */
export const SLOTS = 60;

/** How much one window tracks; past a cap it keeps counting, see `place`. */
export interface Caps {
  /** Distinct users tracked at once (see Presence). */
  users: number;
  /** Distinct models, and distinct membrane types, per window. */
  groups: number;
}

/** The name under which models or membrane types past the cap are counted together. */
export const OTHER_GROUP = "(other)";

/** The span of event time a window covers now: [from, to). */
export interface Span {
  from: number;
  to: number;
}

/**
 * A sliding window over event time, aged by the clock: the slots that fall out of it as time passes
 * are subtracted from its running total, so reading it never re-merges its slots. An event goes to
 * the slot of its own timestamp (a late one too); one older than the window is not counted, and one
 * stamped in the future counts in the current slot.
 */
export class SlidingWindow {
  readonly widthMs: number;
  readonly total = new Tally();
  private readonly slots: Array<{ id: number; tally: Tally } | null> = new Array(SLOTS).fill(null);
  /** The newest slot the clock has reached. */
  private head = Number.NEGATIVE_INFINITY;

  constructor(
    readonly minutes: number,
    private readonly caps: Caps,
  ) {
    this.widthMs = (minutes * 60_000) / SLOTS;
  }

  /** Moves the window to `now`: slots that left it are taken out of the total. */
  advance(now: number): void {
    const current = Math.floor(now / this.widthMs);
    if (current <= this.head) return;
    this.head = current;
    for (let i = 0; i < SLOTS; i++) {
      const s = this.slots[i];
      if (s && s.id <= current - SLOTS) {
        this.total.subtract(s.tally);
        this.slots[i] = null;
      }
    }
  }

  /** Counts the event when its time falls in the window; false when it is older. */
  add(x: Sample, now: number, untrackedUser: boolean): boolean {
    this.advance(now);
    const id = Math.min(Math.floor(x.timestamp / this.widthMs), this.head);
    if (id <= this.head - SLOTS) return false;
    const i = ((id % SLOTS) + SLOTS) % SLOTS;
    let slot = this.slots[i];
    if (!slot || slot.id !== id) {
      slot = { id, tally: new Tally() };
      this.slots[i] = slot;
    }
    const at = this.place(x, untrackedUser);
    slot.tally.add(x, at);
    this.total.add(x, at);
    return true;
  }

  /** The time the window covers at `now` (after `advance(now)`). */
  span(now: number): Span {
    return { from: (this.head - SLOTS + 1) * this.widthMs, to: now };
  }

  /**
   * Past the user cap, a new user's events still count, but the user does not (the figure is then
   * a lower bound, flagged); past the group cap, new models or membrane types count as OTHER_GROUP.
   */
  private place(x: Sample, untrackedUser: boolean): Placement {
    const t = this.total;
    return { untrackedUser, model: this.group(x.model, t.byModel), membrane: this.group(x.membrane, t.byMembrane) };
  }

  private group(name: string | null, seen: Map<string | null, unknown>): string | null {
    if (name === null) return null;
    return seen.has(name) || seen.size < this.caps.groups ? name : OTHER_GROUP;
  }
}
