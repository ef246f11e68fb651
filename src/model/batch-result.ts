import { type Static, Type } from "@sinclair/typebox";

/** One bad field: its path (`network_io.bytes_in`, `events.3.action`) and what is wrong with it. */
export const FieldErrorSchema = Type.Object({ field: Type.String(), message: Type.String() });

/** What a batch did: the stored events by index with their ids, the refused ones by index with their bad fields. */
export const BatchResult = Type.Object({
  accepted: Type.Array(Type.Object({ index: Type.Integer(), event_id: Type.String() })),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), errors: Type.Array(FieldErrorSchema) })),
});
export type BatchResult = Static<typeof BatchResult>;
