/** Messages between the bench (parent) and a server it runs in a child process. */

export type ChildMode = "product" | "plain";

export interface ChildArgs {
  mode: ChildMode;
  /** product only */
  dataDirectory?: string;
  adminKey?: string;
}

export type Command =
  | { cmd: "drain" }
  | { cmd: "prefill"; events: number; batchSize: number; concurrency: number }
  | { cmd: "stats" }
  | { cmd: "stop" };

export interface DrainResult {
  ms: number;
}
export interface PrefillResult {
  ackMs: number;
  drainMs: number;
  stored: number;
}
export interface StatsResult {
  /** Events the pipeline acknowledged since start. */
  accepted: number;
  /** Events in the store. */
  stored: number;
  /** Resident set size of the server process, bytes. */
  rss: number;
  /** CPU time of the server process so far (all its threads, user + system), microseconds. */
  cpuMicros: number;
}

export type ChildMessage =
  | { type: "ready"; url: string }
  | { type: "reply"; id: number; ok: true; result: unknown }
  | { type: "reply"; id: number; ok: false; error: string };
