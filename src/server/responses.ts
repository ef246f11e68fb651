import type { TSchema } from "@sinclair/typebox";
import { ErrorReply } from "./api-schemas.js";

/** A route's answers: its success schema(s) plus the shared error shape for every 4xx and 5xx. */
export function replies<T extends Record<number, TSchema>>(ok: T) {
  return { ...ok, "4xx": ErrorReply, "5xx": ErrorReply };
}
