import type { TSchema } from "@sinclair/typebox";
import type { FieldError } from "../errors.js";
import type { BatchResult } from "../model/batch-result.js";
import type { EventType } from "../model/event-types.js";
import type { Limits } from "../model/limits.js";
import type { EventSchemas } from "../model/schemas.js";

/**
 * What the HTTP tracking routes ask of ingestion, and nothing more (the Pipeline implements it):
 * the schemas and limits their bodies are checked by, the check itself, and accepting events.
 */
export interface Tracking {
  readonly schemas: EventSchemas;
  readonly limits: Limits;
  /** The schema check of one event body; a failure counts as a rejected event. */
  checkEvent(schema: TSchema, body: unknown): FieldError[];
  /** Resolves with the event id once it is durable; `schemaChecked` when checkEvent passed it already. */
  acceptOne(type: EventType, body: Record<string, unknown>, schemaChecked?: boolean): Promise<string>;
  /** Each item judged on its own: good ones stored, bad ones reported by index. */
  acceptBatch(items: unknown[]): Promise<BatchResult>;
}
