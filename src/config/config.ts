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
  /** Settings given in code (the library) or parsed from command-line flags. */
  overrides?: Record<string, unknown>;
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

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(OPTIONS)) {
    const raw = env[o.env];
    if (raw === undefined || raw === "") continue;
    const type = (o.schema as { type?: string }).type;
    out[name] = type === "integer" || type === "number" ? Number(raw) : raw;
  }
  return out;
}

/** Loads settings: defaults, then the config file, then the environment, then overrides; validated once, here. */
export function loadConfig(sources: ConfigSources = {}): Config {
  let file: Record<string, unknown> = {};
  if (sources.file) {
    try {
      file = JSON.parse(readFileSync(sources.file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`Cannot read config file ${sources.file}: ${(err as Error).message}`);
    }
  }
  const defaults = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, o.default]));
  const given = {
    ...camelKeys(file),
    ...fromEnv(sources.env ?? {}),
    ...camelKeys(Object.fromEntries(Object.entries(sources.overrides ?? {}).filter(([, v]) => v !== undefined))),
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
      bad.map((e) => (e.message === "is not a known field" ? { ...e, message: "is not a known setting" } : e)),
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
