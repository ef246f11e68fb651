const SECOND_MS = 1000;

/**
 * Distinct active users of every live window at once. Each user is remembered once, with the
 * newest second it was seen in; a window's count is the users last seen at or after the window's
 * start, kept up to date as sightings arrive and as window starts move past seconds. So an event
 * costs one map lookup whatever the number of windows, where counting users per window and per
 * slot cost two map updates per window.
 */
export class Presence {
  /** User → the newest second (epoch s) it was seen in. */
  private readonly lastSeen = new Map<string, number>();
  /** Second → the users whose newest sighting was set to it (some may have moved on since). */
  private readonly bySecond = new Map<number, string[]>();
  /** Per window: its start (epoch s) and how many users were seen at or after it. */
  private readonly starts: number[];
  private readonly counts: number[];

  /** `windows` is the number of windows; the last must be the longest (it alone forgets users). */
  constructor(
    windows: number,
    private readonly cap: number,
  ) {
    this.starts = new Array(windows).fill(Number.NEGATIVE_INFINITY);
    this.counts = new Array(windows).fill(0);
  }

  /** Users counted in window `w`. */
  count(w: number): number {
    return this.counts[w] as number;
  }

  /** Moves window `w`'s start to `fromMs` (only forward): users last seen before it leave its count. */
  advance(w: number, fromMs: number): void {
    const from = Math.floor(fromMs / SECOND_MS);
    const old = this.starts[w] as number;
    if (from <= old) return;
    this.starts[w] = from;
    const longest = w === this.starts.length - 1;
    // Right after a restart of traffic the gap may be far longer than the seconds holding
    // sightings: walk whichever is shorter.
    if (from - old <= this.bySecond.size) {
      for (let s = old; s < from; s++) this.leave(w, s, longest);
    } else {
      for (const s of [...this.bySecond.keys()]) if (s >= old && s < from) this.leave(w, s, longest);
    }
  }

  /** Users whose newest sighting is second `s` leave window `w` (and, for the longest, are forgotten). */
  private leave(w: number, s: number, longest: boolean): void {
    const users = this.bySecond.get(s);
    if (!users) return;
    for (const u of users) {
      if (this.lastSeen.get(u) !== s) continue;
      this.counts[w] = (this.counts[w] as number) - 1;
      if (longest) this.lastSeen.delete(u);
    }
    if (longest) this.bySecond.delete(s);
  }

  /**
   * Records `user` seen at `atMs` (already clamped to the present); false when it is a new user and
   * the cap is reached, so the caller counts the event as from an untracked user.
   */
  see(user: string, atMs: number): boolean {
    const s = Math.floor(atMs / SECOND_MS);
    const prev = this.lastSeen.get(user);
    if (prev === undefined && this.lastSeen.size >= this.cap) return false;
    if (prev !== undefined && prev >= s) return true;
    if (s < (this.starts[this.starts.length - 1] as number)) return true; // older than every window
    this.lastSeen.set(user, s);
    let list = this.bySecond.get(s);
    if (!list) {
      list = [];
      this.bySecond.set(s, list);
    }
    list.push(user);
    for (let w = 0; w < this.starts.length; w++) {
      const start = this.starts[w] as number;
      if (s >= start && (prev === undefined || prev < start)) this.counts[w] = (this.counts[w] as number) + 1;
    }
    return true;
  }
}
