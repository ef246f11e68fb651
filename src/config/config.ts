import { readFileSync } from "node:fs";
import { type Static, Type } from "@sinclair/typebox";
import { ConfigError, type FieldError } from "../errors.js";
import type { Limits } from "../model/limits.js";
import { check } from "../model/validate.js";
import { OPTIONS, type OptionName, UNSUPPORTED } from "./options.js";

const ConfigSchema = Type.Object(
  Object.fromEntries(
    Object.entries(OPTIONS).map(([k, o]) => [k, o.default === undefined ? Type.Optional(o.schema) : o.schema]),
  ),
  { additionalProperties: false },
);

export type Config = {
  [K in OptionName]: (typeof OPTIONS)[K]["default"] extends undefined
    ? Static<(typeof OPTIONS)[K]["schema"]> | undefined
    : Static<(typeof OPTIONS)[K]["schema"]>;
};

export interface ConfigSources {
  /** Settings given in code (the library). */
  overrides?: Record<string, unknown>;
  /** Command-line flags as text, by setting name (`port`, `dataDirectory`); they win over everything. */
  flags?: Record<string, string | undefined>;
  /** Environment variables; pass process.env for the server, nothing for the library. */
  env?: Record<string, string | undefined>;
  /** A JSON config file. */
  file?: string;
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Accepts the first version's snake_case keys (batch_size) as well as camelCase. */
function camelKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
}

/** A setting that holds an object is given as JSON text; text that is not JSON stays text for the schema to refuse. */
function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Settings given as text (environment, flags): numbers are parsed, the schema judges the result. */
function fromText(raw: Record<string, string | undefined>, keyOf: (name: OptionName) => string | undefined) {
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(OPTIONS) as Array<[OptionName, (typeof OPTIONS)[OptionName]]>) {
    const key = keyOf(name);
    const value = key === undefined ? undefined : raw[key];
    if (value === undefined || value === "") continue;
    const type = (o.schema as { type?: string }).type;
    if (type === "object") {
      out[name] = jsonOrText(value);
      continue;
    }
    if (type === "boolean" && (value === "true" || value === "false")) {
      out[name] = value === "true";
      continue;
    }
    // Text that is not a number stays text, so the error reads "must be integer", not a range complaint about NaN.
    const n = Number(value);
    out[name] = (type === "integer" || type === "number") && value.trim() !== "" && !Number.isNaN(n) ? n : value;
  }
  return out;
}

/** Loads settings: defaults, then the config file, then the environment, then overrides, then flags; validated once, here. */
export function loadConfig(sources: ConfigSources = {}): Config {
  let file: Record<string, unknown> = {};
  if (sources.file) {
    try {
      file = JSON.parse(readFileSync(sources.file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`Cannot read config file ${sources.file}: ${(err as Error).message}`);
    }
    // `null`, a list or a bare value would otherwise fail later with a TypeError or odd key names.
    if (file === null || typeof file !== "object" || Array.isArray(file)) {
      throw new ConfigError(`Config file ${sources.file} must hold a JSON object of settings`);
    }
  }
  const defaults = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, o.default]));
  const given = {
    ...camelKeys(file),
    ...fromText(sources.env ?? {}, (name) => OPTIONS[name].env),
    ...camelKeys(Object.fromEntries(Object.entries(sources.overrides ?? {}).filter(([, v]) => v !== undefined))),
    ...fromText(sources.flags ?? {}, (name) => name),
  };
  const errors: FieldError[] = [];
  for (const k of Object.keys(given)) {
    if (UNSUPPORTED[k]) errors.push({ field: k, message: `is not supported by this version: ${UNSUPPORTED[k]}` });
  }
  if (errors.length) throw new ConfigError("Invalid configuration", errors);
  const merged = Object.fromEntries(Object.entries({ ...defaults, ...given }).filter(([, v]) => v !== undefined));
  const bad = check(ConfigSchema, merged);
  if (bad.length) {
    throw new ConfigError(
      "Invalid configuration",
      bad.map((e) =>
        e.message === "is not a known field" && !e.field.includes(".")
          ? { ...e, message: "is not a known setting" }
          : e,
      ),
    );
  }
  return merged as Config;
}

export function limitsOf(c: Config): Limits {
  return {
    bodyLimitBytes: c.bodyLimitBytes,
    maxBatchEvents: c.maxBatchEvents,
    maxStringLength: c.maxStringLength,
    maxTextLength: c.maxTextLength,
    maxDepth: c.maxDepth,
    maxKeys: c.maxKeys,
  };
}
