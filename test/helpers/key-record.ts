import type { ApiKeyRecord } from "../../src/store/port.js";

/** A stored key record for store tests: unrevoked, no expiry, no origins, unless `fields` say otherwise. */
export function keyRecord(fields: Partial<ApiKeyRecord> & Pick<ApiKeyRecord, "id" | "created_at">): ApiKeyRecord {
  return {
    name: `name-${fields.id}`,
    scopes: ["read"],
    key_hash: `hash-${fields.id}`,
    revoked_at: null,
    expires_at: null,
    allowed_origins: [],
    ...fields,
  };
}
