/** Lines before the first row in each text format (CSV's header; XML's declaration and root; JSON's `[`). */
const LEAD: Record<string, number> = { csv: 1, ndjson: 0, json: 1, xml: 2 };

/**
 * Counts an export's rows as its bytes arrive, for the progress bar: every text format writes one
 * row per line; in CSV a line break inside quotes belongs to a value (a doubled quote toggles twice,
 * so quote parity tells). Parquet has no lines: it is not counted (null).
 */
export class RowCounter {
  private lines = 0;
  private quoted = false;

  constructor(private readonly format: string) {}

  add(chunk: Uint8Array): void {
    const csv = this.format === "csv";
    for (const byte of chunk) {
      if (byte === 0x22 && csv) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) this.lines += 1;
    }
  }

  get rows(): number | null {
    const lead = LEAD[this.format];
    return lead === undefined ? null : Math.max(0, this.lines - lead);
  }
}
