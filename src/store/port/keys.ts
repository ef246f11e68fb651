import type { Scope } from "../../model/scopes.js";

export type { Scope } from "../../model/scopes.js";

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
  /** When the key stops working (epoch ms), or null: never. */
  expires_at: number | null;
  /** Browser origins the key may be used from (exact, e.g. https://app.example.com); empty: any caller, no CORS. */
  allowed_origins: string[];
}

/**
 * API keys. Listing them is a read, but it stays here beside the writes: the key ring reloads the
 * whole (small) table, and keys are not analytics data that queries or exports should reach.
 */
export interface KeyStore {
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  /** Every key, oldest first (equal times by id). */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when there is no such key. */
  revokeApiKey(id: string, at: number): Promise<boolean>;
}
