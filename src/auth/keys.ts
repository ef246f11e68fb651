import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../errors.js";
import type { ApiKeyRecord, Scope, Store } from "../store/port.js";
import { readOrCreate } from "../util/state-file.js";

export const SCOPES: readonly Scope[] = ["ingest", "read", "admin"];

export function generateKey(): string {
  return `dte_${randomBytes(24).toString("base64url")}`;
}

/** Keys are long random strings, so a plain SHA-256 is enough to keep them unrecoverable at rest. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export interface Principal {
  id: string;
  name: string;
  scopes: Scope[];
}

export interface PublicKey {
  id: string;
  name: string;
  scopes: Scope[];
  created_at: string;
  revoked_at: string | null;
}

const REFRESH_MS = 10_000;
const UNKNOWN_KEY_REFRESH_MS = 100;

/**
 * The API keys: the admin key (configured or generated) plus keys created through the API, whose
 * hashes live in the store. Looked up in memory, refreshed from the store so that a key revoked on
 * one node stops working on the others within seconds.
 */
export class KeyRing {
  private byHash = new Map<string, Principal>();
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;
  private readonly adminHash: Buffer;

  constructor(
    private readonly store: Store,
    adminKey: string,
  ) {
    this.adminHash = Buffer.from(hashKey(adminKey), "hex");
  }

  /** Reloads the keys from the store; concurrent callers share one reload. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const next = new Map<string, Principal>();
        for (const k of await this.store.listApiKeys()) {
          if (k.revoked_at === null) next.set(k.key_hash, { id: k.id, name: k.name, scopes: k.scopes });
        }
        this.byHash = next;
        this.refreshedAt = Date.now();
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Who holds `key`, if they may act with `scope` (admin may do everything). */
  async authorize(key: string | undefined, scope: Scope): Promise<Principal> {
    if (!key) throw new UnauthorizedError();
    if (Date.now() - this.refreshedAt > REFRESH_MS) await this.refresh();
    const hash = hashKey(key);
    const isAdmin = timingSafeEqual(Buffer.from(hash, "hex"), this.adminHash);
    // A key just created on another node: look again, at most every 100 ms so bad keys cost little.
    if (!isAdmin && !this.byHash.has(hash) && Date.now() - this.refreshedAt > UNKNOWN_KEY_REFRESH_MS) {
      await this.refresh();
    }
    const principal = isAdmin ? { id: "admin", name: "admin", scopes: ["admin"] as Scope[] } : this.byHash.get(hash);
    if (!principal) throw new UnauthorizedError();
    if (!principal.scopes.includes(scope) && !principal.scopes.includes("admin")) {
      throw new ForbiddenError(`This API key lacks the '${scope}' scope`);
    }
    return principal;
  }

  async create(name: string, scopes: Scope[]): Promise<{ id: string; key: string }> {
    if (!scopes.length)
      throw new ValidationError("Invalid API key", [{ field: "scopes", message: "must not be empty" }]);
    const key = generateKey();
    const record: ApiKeyRecord = {
      id: randomUUID(),
      name,
      scopes: [...new Set(scopes)],
      key_hash: hashKey(key),
      created_at: Date.now(),
      revoked_at: null,
    };
    await this.store.insertApiKey(record);
    await this.refresh();
    return { id: record.id, key };
  }

  async list(): Promise<PublicKey[]> {
    return (await this.store.listApiKeys()).map((k) => ({
      id: k.id,
      name: k.name,
      scopes: k.scopes,
      created_at: new Date(k.created_at).toISOString(),
      revoked_at: k.revoked_at === null ? null : new Date(k.revoked_at).toISOString(),
    }));
  }

  async revoke(id: string): Promise<boolean> {
    const found = await this.store.revokeApiKey(id, Date.now());
    await this.refresh();
    return found;
  }
}

/**
 * The admin key: the configured one, else the one saved under the data directory, else a new one
 * saved there (mode 0600). `generated` tells the caller to print it, once.
 */
export async function resolveAdminKey(
  dataDirectory: string,
  configured: string | undefined,
): Promise<{ key: string; generated: boolean }> {
  if (configured) return { key: configured, generated: false };
  const { value, created } = await readOrCreate(join(dataDirectory, "admin.key"), generateKey);
  return { key: value, generated: created };
}
