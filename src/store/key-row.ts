import type { ApiKeyRecord, Scope } from "./port.js";
import type { SqlValue } from "./sql/fragment.js";

/** The api_keys columns in the order both engines' writes name them (lists are stored comma-joined). */
export const API_KEY_COLUMNS = [
  "id",
  "name",
  "scopes",
  "key_hash",
  "created_at",
  "revoked_at",
  "expires_at",
  "allowed_origins",
] as const;

export function apiKeyValues(k: ApiKeyRecord): SqlValue[] {
  return [
    k.id,
    k.name,
    k.scopes.join(","),
    k.key_hash,
    k.created_at,
    k.revoked_at,
    k.expires_at,
    k.allowed_origins.join(","),
  ];
}

const list = (v: unknown) =>
  String(v ?? "")
    .split(",")
    .filter(Boolean);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A stored row as a key record; ClickHouse sends Int64 as text, hence the conversions. */
export function apiKeyOf(r: Record<string, unknown>): ApiKeyRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    scopes: list(r.scopes) as Scope[],
    key_hash: r.key_hash as string,
    created_at: Number(r.created_at),
    revoked_at: numOrNull(r.revoked_at),
    expires_at: numOrNull(r.expires_at),
    allowed_origins: list(r.allowed_origins),
  };
}
