/**
 * SQL as data: a fragment is text with holes, each hole a value that the engine's dialect binds
 * (DuckDB parameters) or quotes (ClickHouse literals). Text enters only through the `sql` template's
 * literal parts and `trusted` (for identifiers from the column whitelist and dialect keywords), so
 * a value can never become SQL.
 */
export type SqlValue = string | number | boolean | null;

export class Fragment {
  /** `texts.length === values.length + 1`; value i sits between texts i and i + 1. */
  constructor(
    readonly texts: readonly string[],
    readonly values: readonly SqlValue[],
  ) {}
}

type Part = Fragment | SqlValue;

/** `sql\`ts >= ${from}\``: interpolated fragments are spliced in, anything else is a bound value. */
export function sql(strings: TemplateStringsArray, ...parts: Part[]): Fragment {
  const texts: string[] = [strings[0] ?? ""];
  const values: SqlValue[] = [];
  parts.forEach((part, i) => {
    const after = strings[i + 1] ?? "";
    if (part instanceof Fragment) {
      texts.push(`${texts.pop()}${part.texts[0]}`);
      for (let k = 0; k < part.values.length; k++) {
        values.push(part.values[k] as SqlValue);
        texts.push(part.texts[k + 1] as string);
      }
      texts.push(`${texts.pop()}${after}`);
    } else {
      values.push(part);
      texts.push(after);
    }
  });
  return new Fragment(texts, values);
}

/** Text the caller vouches for: whitelisted identifiers and dialect keywords, never user input. */
export function trusted(text: string): Fragment {
  return new Fragment([text], []);
}

export const empty = trusted("");
/** Conditions that always / never hold, in a form both engines accept (ClickHouse 18.16 has no TRUE). */
export const always = trusted("1 = 1");
export const never = trusted("1 = 0");

/** Fragments separated by `separator` (`, ` or ` AND `). */
export function join(fragments: readonly Fragment[], separator: string): Fragment {
  const sep = trusted(separator);
  return fragments.reduce<Fragment | null>((acc, f) => (acc ? sql`${acc}${sep}${f}` : f), null) ?? empty;
}

/** A whole number for LIMIT and similar places where engines want text, checked to be one. */
export function count(n: number, what: string): Fragment {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a whole number ≥ 0, got ${n}`);
  return trusted(String(n));
}

/** A bucket width in ms, as SQL text: a whole number > 0. */
export function wholeMs(ms: number): Fragment {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new Error(`a width must be a whole number of ms > 0, got ${ms}`);
  return trusted(String(ms));
}

/** A percentile fraction in [0, 1], as SQL text (engines want a constant there). */
export function fraction(p: number): Fragment {
  if (!(p >= 0 && p <= 1)) throw new Error(`a percentile must be in [0, 1], got ${p}`);
  return trusted(String(p));
}
