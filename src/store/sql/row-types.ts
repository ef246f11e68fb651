import { Type } from "@sinclair/typebox";

/**
 * Row field types that decode both engines' values in one place: DuckDB answers 64-bit integers
 * and sums as bigint, ClickHouse's JSON quotes them as strings, and every number this product
 * stores fits a double exactly.
 */
const numeric = Type.Union([Type.Number(), Type.String(), Type.BigInt()]);

export const Num = Type.Transform(numeric)
  .Decode((v) => Number(v))
  .Encode((v) => v);

export const NumOrNull = Type.Transform(Type.Union([numeric, Type.Null()]))
  .Decode((v) => (v === null ? null : Number(v)))
  .Encode((v) => v);

export const Text = Type.String();
export const TextOrNull = Type.Union([Type.String(), Type.Null()]);

/** A JSON object stored as text (an event's `data`). */
export const JsonObject = Type.Transform(Type.String())
  .Decode((v) => JSON.parse(v) as Record<string, unknown>)
  .Encode((v) => JSON.stringify(v));
