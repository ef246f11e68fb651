import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type FieldError, MethodNotAllowedError, RateLimitedError, UnavailableError } from "../errors.js";
import { toFieldErrors } from "../model/validate.js";

/** Longest field name an answer repeats: an unknown field's name is the client's own text, of any length. */
export const MAX_ECHOED_FIELD_LENGTH = 128;

/** Field errors as answers show them: each name cut to MAX_ECHOED_FIELD_LENGTH characters, an ellipsis last. */
export function echoedFieldErrors(details: FieldError[]): FieldError[] {
  return details.map((d) => ({ ...d, field: capped(d.field) }));
}

function capped(field: string): string {
  if (field.length <= MAX_ECHOED_FIELD_LENGTH) return field;
  let cut = MAX_ECHOED_FIELD_LENGTH - 1;
  // Never split a surrogate pair: half of one is not well-formed text.
  const last = field.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${field.slice(0, cut)}…`;
}

const PART_PREFIX: Record<string, string> = { body: "", querystring: "", params: "", headers: "header" };

/**
 * The one place errors become HTTP answers: `{"error", "details"?}` with the status the error
 * carries. Fastify's own failures (bad JSON, wrong content type, body too large) keep their 4xx
 * status; anything unexpected is a 500 whose cause goes to the log, not to the client.
 */
export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
    // A known condition (store or disk unavailable): the cause goes to the log, the client gets its message.
    if (err.status >= 500) request.log.warn({ err }, "request refused: service unavailable");
    if (err instanceof UnavailableError || err instanceof RateLimitedError) {
      reply.header("retry-after", String(err.retryAfterSeconds));
    }
    if (err instanceof MethodNotAllowedError) reply.header("allow", err.allow.join(", "));
    void reply
      .code(err.status)
      .send(
        err.details?.length ? { error: err.message, details: echoedFieldErrors(err.details) } : { error: err.message },
      );
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const prefix = PART_PREFIX[fe.validationContext ?? "body"] ?? "";
    const where = fe.validationContext === "querystring" ? "query" : "request";
    void reply
      .code(400)
      .send({ error: `Invalid ${where}`, details: echoedFieldErrors(toFieldErrors(fe.validation as never, prefix)) });
    return;
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.code(status).send({ error: clientMessage(fe) });
    return;
  }
  request.log.error({ err }, "unexpected error");
  void reply.code(500).send({ error: "Internal server error" });
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "Unsupported content type: send application/json";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "Request body is too large";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "Request body is empty";
    default:
      return err instanceof SyntaxError || /JSON/.test(err.message) ? `Malformed JSON: ${err.message}` : err.message;
  }
}
