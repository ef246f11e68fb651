import { Type } from "@sinclair/typebox";

/** What an API key may do; `admin` may do everything. The one list: types, schemas and checks derive from it. */
export const SCOPES = ["ingest", "read", "admin"] as const;

export type Scope = (typeof SCOPES)[number];

export const ScopeSchema = Type.Union(
  SCOPES.map((s) => Type.Literal(s)),
  { description: "ingest: send events; read: query; admin: everything, keys included" },
);
