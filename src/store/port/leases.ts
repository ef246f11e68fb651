export interface Leases {
  /**
   * Cluster-wide jobs (retention, later alerts and reports) run on one node at a time: true when
   * `holder` now holds lease `name` until `now + ttlMs` — it was free, expired, or already `holder`'s.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /**
   * Forgets every lease that expired at or before `before` (each ended session leaves its
   * `session-end:<id>` lease behind); returns how many names it forgot. A forgotten lease is free,
   * as an expired one is, so no holder's claim changes.
   */
  releaseExpiredLeases(before: number): Promise<number>;
}
