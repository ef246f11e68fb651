/** A part keeps letters, digits, `-` and `.`; anything else becomes `-`, at most 40 characters. */
function safePart(part: string): string {
  return part
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 40);
}

/** A time as a compact file-name part: `20240101T120000Z`. */
export function fileTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * A download's file name from safe parts only (what was exported, its period, its format), never
 * from text a client sent as is: `events_20240101T000000Z_20240102T000000Z.csv`. Every character is
 * one a `Content-Disposition` header and any file system take without quoting.
 */
export function safeFileName(parts: ReadonlyArray<string>, extension: string): string {
  const name = parts.map(safePart).filter(Boolean).join("_") || "export";
  return `${name}.${safePart(extension) || "bin"}`;
}
