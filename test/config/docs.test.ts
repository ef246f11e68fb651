import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { OPTIONS, UNSUPPORTED } from "../../src/config/options.js";

const DOC = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");

interface Row {
  setting: string;
  env: string;
  flag: string;
  default: string;
  meaning: string;
}

/** The settings table: the one whose header starts with `| Setting |`. */
function settingsTable(markdown: string): Row[] {
  const lines = markdown.split("\n");
  const head = lines.findIndex((l) => /^\|\s*Setting\s*\|/.test(l));
  assert.ok(head >= 0, "docs/configuration.md has no table headed '| Setting |'");
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
  assert.deepEqual(cells(lines[head] as string), ["Setting", "Environment variable", "CLI flag", "Default", "Meaning"]);
  const rows: Row[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.trim().startsWith("|")) break;
    const [setting = "", env = "", flag = "", def = "", meaning = ""] = cells(line);
    rows.push({ setting: unquote(setting), env: unquote(env), flag: unquote(flag), default: unquote(def), meaning });
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, "$1");

/** How the table writes a default: numbers and text as they are, "" for empty text, objects as JSON, — for none. */
function shownDefault(value: unknown): string {
  if (value === undefined) return "—";
  if (value === "") return '""';
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const rows = settingsTable(DOC);
const options = OPTIONS as Record<string, { env: string; flag: string | undefined; default: unknown }>;

describe("docs/configuration.md", () => {
  test("the table lists every setting, once", () => {
    const listed = rows.map((r) => r.setting);
    const missing = Object.keys(options).filter((k) => !listed.includes(k));
    assert.deepEqual(missing, [], `settings missing from the table: ${missing.join(", ")}`);
    const duplicated = listed.filter((k, i) => listed.indexOf(k) !== i);
    assert.deepEqual(duplicated, [], `settings listed twice: ${duplicated.join(", ")}`);
    assert.equal(rows.length, Object.keys(options).length);
  });

  test("the table names no setting that does not exist", () => {
    const unknown = rows.map((r) => r.setting).filter((k) => !(k in options));
    assert.deepEqual(unknown, [], `the table names unknown settings: ${unknown.join(", ")}`);
  });

  test("every environment variable is in the table, against its own setting", () => {
    const documented = new Set(rows.map((r) => r.env));
    const missing = Object.values(options)
      .map((o) => o.env)
      .filter((e) => !documented.has(e));
    assert.deepEqual(missing, [], `environment variables missing from the table: ${missing.join(", ")}`);
    for (const r of rows) {
      if (r.setting in options) assert.equal(r.env, options[r.setting]?.env, `environment variable of ${r.setting}`);
    }
  });

  test("the table names no environment variable that does not exist", () => {
    const real = new Set(Object.values(options).map((o) => o.env));
    const unknown = rows.map((r) => r.env).filter((e) => !real.has(e));
    assert.deepEqual(unknown, [], `the table names unknown environment variables: ${unknown.join(", ")}`);
    const mentioned = [...new Set(DOC.match(/ANALYTICS_[A-Z_]+/g) ?? [])].filter((e) => !real.has(e));
    assert.deepEqual(mentioned, [], `the page mentions unknown environment variables: ${mentioned.join(", ")}`);
  });

  test("each flag and default matches the code", () => {
    for (const r of rows) {
      const o = options[r.setting];
      if (!o) continue;
      assert.equal(r.flag, o.flag === undefined ? "—" : `--${o.flag}`, `CLI flag of ${r.setting}`);
      assert.equal(r.default, shownDefault(o.default), `default of ${r.setting}`);
      assert.ok(r.meaning.length >= 20, `meaning of ${r.setting} is missing or too short`);
    }
  });

  test("the rejected first-version keys and config files are described", () => {
    for (const key of Object.keys(UNSUPPORTED)) assert.ok(DOC.includes(`\`${key}\``), `${key} is not described`);
    assert.ok(DOC.includes("--config file.json"));
    assert.match(DOC, /snake_case/);
  });
});
