import { createTransport, type Transporter } from "nodemailer";
import { withRetries } from "../../util/retry.js";
import { type Destination, metadataOf, type ReportMessage } from "./channel.js";

/** The SMTP settings (src/config/options.ts); without smtpHost no e-mail is sent. */
export interface SmtpSettings {
  smtpHost?: string;
  smtpPort: number;
  smtpSecure: boolean;
  smtpUser?: string;
  smtpPassword?: string;
  smtpFrom: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The message: a short text and HTML body saying what is attached, the report as the attachment. */
export function mailOf(m: ReportMessage, from: string, to: string) {
  const meta = metadataOf(m);
  const what = `${m.schedule.report_type.replace(/_/g, " ")} from ${meta.period.from} to ${meta.period.to} (${meta.period.tz})`;
  return {
    from,
    to,
    // A name may hold line breaks: a subject is one line.
    subject: `${m.schedule.name.replace(/[\r\n]+/g, " ")}: ${what}`,
    text: `The scheduled report "${m.schedule.name}" is attached: the ${what}.\n\nFile: ${m.report.fileName}\n`,
    html: `<p>The scheduled report <strong>${escapeHtml(m.schedule.name)}</strong> is attached: the ${escapeHtml(what)}.</p><p>File: ${escapeHtml(m.report.fileName)}</p>`,
    attachments: [{ filename: m.report.fileName, content: m.report.body, contentType: m.report.contentType }],
    headers: { "X-Report-Run": m.run_id },
  };
}

/** An SMTP answer in the 5xx range refuses the message itself: sending it again would be refused again. */
const permanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return code !== undefined && code >= 500 && code < 600;
};

/**
 * E-mail over SMTP (nodemailer): one transport for every address, TLS from the start when
 * smtpSecure (else STARTTLS when the server offers it), authenticated when smtpUser is set.
 */
export class EmailChannel {
  private transport: Transporter | null = null;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly timeoutMs: number,
  ) {}

  get configured(): boolean {
    return this.settings.smtpHost !== undefined;
  }

  destination(address: string): Destination {
    return {
      channel: "email",
      target: address,
      deliver: async (message, retry, onAttempt) => {
        const once = async () => {
          try {
            await this.transporter().sendMail(mailOf(message, this.settings.smtpFrom, address));
            return { ok: true as const, value: null };
          } catch (err) {
            return { ok: false as const, value: null, error: (err as Error).message, retry: !permanent(err) };
          }
        };
        await withRetries(once, retry, (_n, r) => onAttempt({ ok: r.ok, error: r.ok ? null : r.error }));
      },
    };
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }

  private transporter(): Transporter {
    const s = this.settings;
    if (s.smtpHost === undefined) throw new Error("e-mail delivery needs the smtpHost setting");
    this.transport ??= createTransport({
      host: s.smtpHost,
      port: s.smtpPort,
      secure: s.smtpSecure,
      ...(s.smtpUser !== undefined ? { auth: { user: s.smtpUser, pass: s.smtpPassword ?? "" } } : {}),
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
    });
    return this.transport;
  }
}
