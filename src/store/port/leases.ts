export interface Leases {
  /**
   * Cluster-wide jobs (retention, later alerts and reports) run on one node at a time: true when
   * `holder` now holds lease `name` until `now + ttlMs` — it was free, expired, or already `holder`'s.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
}
