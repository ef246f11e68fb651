import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";

/** One `## heading` section of a markdown document: from its heading up to the next `## ` heading or the end. */
function bounds(doc: string, heading: string): { start: number; end: number } | null {
  const lines = doc.split("\n");
  const first = lines.indexOf(`## ${heading}`);
  if (first < 0) return null;
  const next = lines.findIndex((line, i) => i > first && line.startsWith("## "));
  const offset = (line: number) => lines.slice(0, line).join("\n").length + (line > 0 ? 1 : 0);
  return { start: offset(first), end: next < 0 ? doc.length : offset(next) };
}

/** The section under `## heading`, heading included, or null when the document has none. */
export function sectionOf(doc: string, heading: string): string | null {
  const b = bounds(doc, heading);
  return b ? doc.slice(b.start, b.end) : null;
}

/** The document with `section` (which starts with `## heading`) in place of its old one, or appended. */
export function withSection(doc: string, heading: string, section: string): string {
  const b = bounds(doc, heading);
  const text = `${section.trimEnd()}\n`;
  if (!b) return `${doc.trimEnd()}\n\n${text}`;
  const rest = doc.slice(b.end);
  return `${doc.slice(0, b.start)}${text}${rest ? `\n${rest}` : ""}`;
}

/** Writes a report into docs/, formatted as `biome check` wants it, so a `--write` run leaves lint green. */
export async function writeDoc(file: string, text: string): Promise<void> {
  await writeFile(file, text);
  execFileSync("npx", ["biome", "format", "--write", file], { stdio: "ignore" });
}
