import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FieldError } from "../errors.js";
import { WELL_FORMED_PATTERN } from "./strings.js";

// ajv-formats ships CommonJS; under NodeNext its callable sits on the default export's `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function makeAjv(coerceTypes: boolean): Ajv {
  // `strict: false` would also switch off strictNumbers, letting Infinity (JSON's 1e999) pass as a number.
  // `verbose` keeps each failing value and schema on the error, so the messages below can say more.
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    strict: false,
    strictNumbers: true,
    verbose: true,
  });
  addFormats(ajv);
  return ajv;
}

/** Bodies and library calls: types are never coerced, so `"100"` is not a number. */
export const strictAjv = makeAjv(false);
/** Query strings and path parameters arrive as text, so numbers and booleans are coerced. */
export const coercingAjv = makeAjv("array" as unknown as boolean);

/**
 * A validator for query strings and path parameters. Ajv checks a coerced value's bounds but not that
 * it is finite, so `?limit=1e999` would arrive as Infinity: such a value fails here, named like any other.
 */
export function compileCoercing(schema: object): ValidateFunction {
  const validate = coercingAjv.compile(schema);
  const finite = ((data: unknown) => {
    const ok = validate(data);
    finite.errors = validate.errors;
    if (!ok || typeof data !== "object" || data === null) return ok;
    const bad = Object.entries(data).filter(([, v]) => typeof v === "number" && !Number.isFinite(v));
    if (!bad.length) return true;
    finite.errors = bad.map(([name, value]) => ({
      instancePath: `/${name}`,
      schemaPath: "#/finite",
      keyword: "type",
      params: { type: "number" },
      message: "must be a finite number",
      data: value,
    }));
    return false;
  }) as ValidateFunction;
  return finite;
}

/** Turns ajv's errors into one entry per bad field, named by its path (`network_io.bytes_in`). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ""): FieldError[] {
  const out: Array<FieldError & { union: boolean }> = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // Its failing key is reported by the error before it (with e.propertyName).
    if (e.keyword === "propertyNames") continue;
    let path = e.instancePath
      .split("/")
      .filter(Boolean)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .join(".");
    let message = e.message ?? "is invalid";
    const union = e.keyword === "anyOf" || e.keyword === "oneOf";
    if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      path = path ? `${path}.${missing}` : missing;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = path ? `${path}.${extra}` : extra;
      message = "is not a known field";
    } else if (union) {
      const schema = e.parentSchema as { "x-error"?: string; anyOf?: Array<{ type?: string }> } | undefined;
      // "X or null": the value was not null, so X's own complaint says more than the union's.
      if (schema?.anyOf?.length === 2 && schema.anyOf.some((s) => s.type === "null")) continue;
      message = schema?.["x-error"] ?? UNION_MESSAGE;
    } else if (e.keyword === "type" && (e.params as { type?: string }).type === "null") {
      continue;
    } else {
      message = clearer(e) ?? message;
    }
    const field = [prefix, path].filter(Boolean).join(".") || "body";
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ field, message, union });
    }
  }
  return dropBranchNoise(out);
}

const UNION_MESSAGE = "does not match any allowed form";
const NON_FINITE = "must be a finite number";

/** Ajv's message in the client's terms, where Ajv's own would mislead or show a regular expression. */
function clearer(e: ErrorObject): string | undefined {
  const wanted = (e.params as { type?: string }).type;
  const numeric = e.keyword === "type" && (wanted === "number" || wanted === "integer");
  if (numeric && typeof e.data === "number" && !Number.isFinite(e.data)) return NON_FINITE;
  if (e.keyword === "pattern" && (e.params as { pattern?: string }).pattern === WELL_FORMED_PATTERN) {
    return "contains invalid Unicode (a lone surrogate)";
  }
  if (e.propertyName !== undefined) {
    // A key of a map (network_io) broke the propertyNames rule.
    if (e.keyword === "maxLength") return `has a key longer than ${(e.params as { limit: number }).limit} characters`;
    if (e.keyword === "minLength") return "has an empty key";
  }
  return undefined;
}

/**
 * A union failure also lists each branch's complaint; keep one per field: the union's message, unless
 * the value is a non-finite number, which no branch takes (a nullable cost of 1e999).
 */
function dropBranchNoise(errors: Array<FieldError & { union: boolean }>): FieldError[] {
  const unionFields = new Set(errors.filter((e) => e.union).map((e) => e.field));
  const nonFinite = new Set(errors.filter((e) => e.message === NON_FINITE).map((e) => e.field));
  return errors
    .filter((e) => !unionFields.has(e.field) || (nonFinite.has(e.field) ? e.message === NON_FINITE : e.union))
    .map(({ field, message }) => ({ field, message }));
}

const cache = new WeakMap<TSchema, ValidateFunction>();

/** Validates `value` against `schema` with the same rules the HTTP layer uses; returns the bad fields. */
export function check(schema: TSchema, value: unknown, prefix = ""): FieldError[] {
  let fn = cache.get(schema);
  if (!fn) {
    fn = strictAjv.compile(schema);
    cache.set(schema, fn);
  }
  return fn(value) ? [] : toFieldErrors(fn.errors, prefix);
}
