import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

/** Query parameters whose values are never logged: a key sent the wrong way must not end up in the logs. */
const SECRET_PARAM = /key|token|secret|password|auth|signature/i;

/** The URL as logged: query values of secret-looking parameters replaced. */
export function loggableUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAM.test(name)) params.set(name, "[redacted]");
  }
  return `${url.slice(0, q)}?${params}`;
}

/** The request as a log line shows it: no headers (Authorization, cookies), no secret query values. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: loggableUrl(req.url), remoteAddress: req.ip };
}

/**
 * One line per request, written when it is answered, at info: what was asked, the status and the
 * time taken (Fastify's own pair of lines, incoming and completed, would double the volume).
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, "request failed while answering");
    else reply.log.info(line, "request");
  }
}
