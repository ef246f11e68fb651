import { post } from "../../alerts/delivery.js";
import { type Destination, metadataOf } from "./channel.js";

/** JSON with every non-ASCII character escaped: header values must be ASCII, schedule names need not be. */
const asciiJson = (v: unknown) =>
  JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * A webhook: the report itself is POSTed (its own content type), its facts in an
 * `X-Report-Metadata` JSON header, retried with the alerts' back-off (src/alerts/delivery.ts).
 */
export function webhookDestination(url: string, timeoutMs: number): Destination {
  return {
    channel: "webhook",
    target: url,
    async deliver(message, retry, onAttempt) {
      const headers = {
        "content-type": message.report.contentType,
        "x-report-metadata": asciiJson(metadataOf(message)),
      };
      await post(url, { body: message.report.body, headers }, { ...retry, timeoutMs }, (o) =>
        onAttempt({ ok: o.status === "delivered", error: o.error }),
      );
    },
  };
}
