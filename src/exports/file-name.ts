/** Longest file name a Content-Disposition header carries (the extension included). */
const MAX_FILE_NAME = 120;

/**
 * A file name for `Content-Disposition` built only from safe parts: each part keeps ASCII letters,
 * digits, `-` and `_` (anything else becomes `_`, runs collapse), parts are joined with `_`, the
 * extension (letters and digits only) follows a dot. Nothing a client sent can add quotes, slashes,
 * CR/LF or non-ASCII to the header.
 */
export function safeFileName(parts: ReadonlyArray<string | number>, extension: string): string {
  const stem = parts
    .map((p) =>
      String(p)
        .replace(/[^A-Za-z0-9_-]+/g, "_")
        .replace(/^_+|_+$/g, ""),
    )
    .filter((p) => p.length > 0)
    .join("_")
    .slice(0, MAX_FILE_NAME - 16);
  const ext = extension.replace(/[^A-Za-z0-9]/g, "").slice(0, 15);
  return `${stem || "file"}${ext ? `.${ext}` : ""}`;
}

/** A UTC time as `YYYYMMDD_HHMMSS`, the first version's file-name stamp. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
}
