import { ValidationError } from "../errors.js";

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `status_code` → `statusCode` at the type level, as `camel` renames at run time. */
export type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S;

/**
 * A snake_case object type with camelCase keys, nested objects too (network_io's counters). A map's
 * string index stays a string index, so free-form details keep their keys, as toSnakeBody does.
 */
export type CamelCased<T> = T extends readonly unknown[] | Date
  ? T
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeToCamel<K> : K]: CamelCased<T[K]> }
    : T;

/** Fields whose keys are ours (so they follow the naming convention); details and context are the user's own. */
const STRUCTURED = new Set(["network_io"]);

/** A library call's camelCase fields as the snake_case body the HTTP API takes. Dates become epoch ms. */
export function toSnakeBody(input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const key = snake(k);
    if (v instanceof Date) out[key] = v.getTime();
    else if (STRUCTURED.has(key) && v && typeof v === "object") out[key] = toSnakeBody(v);
    else out[key] = v;
  }
  return out;
}

/** Renames a snake_case field path (`network_io.bytes_in`) back to the library's camelCase. */
export function toCamelField(field: string): string {
  const [head, ...rest] = field.split(".");
  const first = camel(head ?? "");
  return [first, ...(STRUCTURED.has(head ?? "") ? rest.map(camel) : rest)].join(".");
}

/** Re-throws a validation error with the library's field names. */
export function withCamelFields<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    if (err instanceof ValidationError) {
      throw new ValidationError(
        err.message,
        (err.details ?? []).map((d) => ({ ...d, field: toCamelField(d.field) })),
      );
    }
    throw err;
  });
}
