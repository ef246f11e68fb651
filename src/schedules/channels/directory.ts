import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileStamp, safeFileName } from "../../exports/file-name.js";
import { withRetries } from "../../util/retry.js";
import type { Destination, ReportMessage } from "./channel.js";

/** The file a run's report is written to: only safe parts (schedule name, report type, due time). */
export function reportFileName(m: ReportMessage): string {
  return safeFileName([m.schedule.name, m.schedule.report_type, fileStamp(m.due_at)], extname(m.report.fileName));
}

/**
 * The directory `<dataDirectory>/reports`: the report is written to a temporary file beside its
 * final name and renamed, so a reader never sees half a report; a run written again replaces it whole.
 */
export function directoryDestination(dataDirectory: string): Destination {
  const dir = join(dataDirectory, "reports");
  return {
    channel: "directory",
    target: "reports/",
    async deliver(message, retry, onAttempt) {
      const name = reportFileName(message);
      const once = async () => {
        const partial = join(dir, `.${name}.${randomUUID()}.partial`);
        try {
          await mkdir(dir, { recursive: true });
          await writeFile(partial, message.report.body, { flush: true });
          await rename(partial, join(dir, name));
          return { ok: true as const, value: null };
        } catch (err) {
          await rm(partial, { force: true });
          return { ok: false as const, value: null, error: (err as Error).message, retry: true };
        }
      };
      await withRetries(once, retry, (_n, r) => onAttempt({ ok: r.ok, error: r.ok ? null : r.error }));
    },
  };
}
