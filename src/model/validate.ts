import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FieldError } from "../errors.js";

// ajv-formats ships CommonJS; under NodeNext its callable sits on the default export's `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Bodies and library calls: types are never coerced, so `"100"` is not a number. */
export const strictAjv = makeAjv(false);
/** Query strings and path parameters arrive as text, so numbers and booleans are coerced. */
export const coercingAjv = makeAjv("array" as unknown as boolean);

/** Turns ajv's errors into one entry per bad field, named by its path (`network_io.bytes_in`). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ""): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let path = e.instancePath
      .split("/")
      .filter(Boolean)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .join(".");
    let message = e.message ?? "is invalid";
    if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      path = path ? `${path}.${missing}` : missing;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = path ? `${path}.${extra}` : extra;
      message = "is not a known field";
    } else if (e.keyword === "anyOf" || e.keyword === "oneOf") {
      message = "does not match any allowed form";
    }
    const field = [prefix, path].filter(Boolean).join(".") || "body";
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ field, message });
    }
  }
  // A union failure also lists each branch's complaint; keep the clearest one per field.
  return dropBranchNoise(out);
}

function dropBranchNoise(errors: FieldError[]): FieldError[] {
  const unionFields = new Set(
    errors.filter((e) => e.message === "does not match any allowed form").map((e) => e.field),
  );
  return errors.filter((e) => !unionFields.has(e.field) || e.message === "does not match any allowed form");
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
