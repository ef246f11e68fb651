import type { AuditRecorder } from "./recorder.js";

const WINDOW_MS = 60_000;
/** Failed admin attempts recorded one by one per address and minute; the rest are counted. */
export const RECORDED_PER_MINUTE = 5;
/** Addresses tracked at once; beyond it further addresses share one counter, so memory stays bounded. */
export const MAX_ADDRESSES = 10_000;
const OVERFLOW = "*";

interface Window {
  start: number;
  recorded: number;
  suppressed: number;
}

/**
 * Records failed attempts on admin routes without letting a flood write without bound: per client
 * address and minute, the first RECORDED_PER_MINUTE become entries of their own (`auth.denied`);
 * further ones are counted and written as one `auth.denied.suppressed` entry when the minute is over.
 */
export class DeniedAttempts {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly audit: AuditRecorder,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the minute timer that writes the counted ones. */
  start(): void {
    this.timer = setInterval(() => void this.flush(), WINDOW_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush(Number.POSITIVE_INFINITY);
  }

  /** `keyId`: the key that lacked the scope (403); null when the key was missing or unknown (401). */
  async note(attempt: { ip: string; status: number; route: string; keyId?: string | null }): Promise<void> {
    const now = this.now();
    const key = this.windows.has(attempt.ip) || this.windows.size < MAX_ADDRESSES ? attempt.ip : OVERFLOW;
    let w = this.windows.get(key);
    if (w && now - w.start >= WINDOW_MS) {
      await this.writeSuppressed(key, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, recorded: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    if (w.recorded >= RECORDED_PER_MINUTE) {
      w.suppressed += 1;
      return;
    }
    w.recorded += 1;
    await this.audit.record({
      actor: attempt.keyId ?? "unknown",
      action: "auth.denied",
      target: attempt.route,
      ip: attempt.ip,
      outcome: "denied",
      details: { status: attempt.status },
    });
  }

  /** Writes and forgets every window that is over by `until`. */
  async flush(until = this.now()): Promise<void> {
    for (const [key, w] of [...this.windows]) {
      if (until - w.start < WINDOW_MS) continue;
      this.windows.delete(key);
      await this.writeSuppressed(key, w);
    }
  }

  private async writeSuppressed(key: string, w: Window): Promise<void> {
    this.windows.delete(key);
    if (!w.suppressed) return;
    await this.audit.record({
      actor: "unknown",
      action: "auth.denied.suppressed",
      target: null,
      ip: key === OVERFLOW ? null : key,
      outcome: "denied",
      details: { count: w.suppressed, from: new Date(w.start).toISOString(), window_seconds: WINDOW_MS / 1000 },
    });
  }
}
