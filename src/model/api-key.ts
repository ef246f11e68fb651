import { type Static, Type } from "@sinclair/typebox";
import { ScopeSchema } from "./scopes.js";

/** An API key as listed: never its secret or hash. */
export const PublicKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(ScopeSchema),
  created_at: Type.String({ format: "date-time" }),
  revoked_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  expires_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  allowed_origins: Type.Array(Type.String()),
});
export type PublicKey = Static<typeof PublicKey>;
