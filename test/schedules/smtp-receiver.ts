import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * An SMTP server (smtp-server) on 127.0.0.1 that requires the login `user`/`password` (plain
 * text, no STARTTLS: a test has no certificate) and keeps every message it is sent.
 */
export async function smtpReceiver(login: { user: string; password: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === login.user && auth.password === login.password) done(null, { user: auth.username });
      else done(new Error("Invalid username or password"));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A header of the message (unfolded). */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r\n\r\n/)[0] ?? "";
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r\\n[ \\t].*)*)`, "im").exec(head);
  return m?.[1]?.replace(/\r\n[ \t]+/g, " ");
}

/** The decoded content of the MIME part whose file name is `fileName` (base64, quoted-printable or plain). */
export function attachment(raw: string, fileName: string): string | undefined {
  for (const part of raw.split(/\r\n--[^\r\n]+/)) {
    const [head = "", ...rest] = part.split(/\r\n\r\n/);
    if (!head.includes(`filename=${fileName}`) && !head.includes(`filename="${fileName}"`)) continue;
    const body = rest.join("\r\n\r\n");
    const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
    if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    if (encoding === "quoted-printable") {
      const bytes = body
        .replace(/=\r\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    }
    return body;
  }
  return undefined;
}
