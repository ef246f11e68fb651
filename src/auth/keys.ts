import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { type FieldError, ForbiddenError, UnauthorizedError, UnavailableError, ValidationError } from "../errors.js";
import { type Logger, silentLogger } from "../log/logger.js";
import type { PublicKey } from "../model/api-key.js";
import type { ApiKeyRecord, Scope, Store } from "../store/port.js";
import { readOrCreate } from "../util/state-file.js";
import { originErrors } from "./origins.js";

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
  /** Epoch ms after which the key is refused, or null. */
  expiresAt: number | null;
  /** The browser origins the key may be used from; empty: no restriction and no CORS answer. */
  origins: string[];
}

export interface KeyLimits {
  /** When the key stops working (epoch ms); must lie in the future. */
  expiresAt?: number | null;
  /** Exact browser origins the key may be used from. */
  origins?: string[];
}

const REFRESH_MS = 10_000;
const UNKNOWN_KEY_REFRESH_MS = 100;
/** After a failed reload the next try waits this long, doubling up to the refresh period. */
const FIRST_RETRY_MS = 1_000;

const ADMIN: Principal = { id: "admin", name: "admin", scopes: ["admin"], expiresAt: null, origins: [] };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface KeyRingOptions {
  /** Where a failed reload (once per outage) and the recovery are reported. */
  logger?: Logger;
  /** The clock (epoch ms); tests pass their own. */
  now?: () => number;
}

/**
 * The API keys: the admin key (configured or generated) plus keys created through the API, whose
 * hashes live in the store. Looked up in memory, refreshed from the store so that a key revoked on
 * one node stops working on the others within seconds.
 *
 * While the store cannot be reached the ring keeps serving the last key set it loaded (the admin
 * key needs no store at all) and retries with back-off, so an outage never stops ingestion. A key
 * outside that set is then answered 503 with Retry-After, not 401: it may have been created on
 * another node since.
 */
export class KeyRing {
  private byHash = new Map<string, Principal>();
  private refreshedAt = 0;
  private reloading: Promise<boolean> | null = null;
  private failure: Error | null = null;
  private retryAt = 0;
  private retryMs = FIRST_RETRY_MS;
  private readonly adminHash: Buffer;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    adminKey: string,
    options: KeyRingOptions = {},
  ) {
    this.adminHash = Buffer.from(hashKey(adminKey), "hex");
    this.logger = options.logger ?? silentLogger();
    this.now = options.now ?? Date.now;
  }

  /** Reloads the keys from the store; concurrent callers share one reload. Throws when the store fails. */
  async refresh(): Promise<void> {
    if (!(await this.reload())) throw this.failure;
  }

  /** Why the last reload failed, or null while reloads work. */
  lastReloadError(): Error | null {
    return this.failure;
  }

  /** Who holds `key`, if they may act with `scope` (admin may do everything). */
  async authorize(key: string | undefined, scope: Scope): Promise<Principal> {
    if (!key) throw new UnauthorizedError();
    const hash = hashKey(key);
    const principal = timingSafeEqual(Buffer.from(hash, "hex"), this.adminHash) ? ADMIN : await this.lookUp(hash);
    if (principal.expiresAt !== null && principal.expiresAt <= this.now()) {
      throw new UnauthorizedError("This API key has expired");
    }
    if (!principal.scopes.includes(scope) && !principal.scopes.includes("admin")) {
      throw new ForbiddenError(`This API key lacks the '${scope}' scope`, principal.id);
    }
    return principal;
  }

  /**
   * Every origin some usable (unrevoked, unexpired) key allows: what a CORS preflight, which carries
   * no key, is answered from. Reloaded when older than the refresh period.
   */
  async allowedOrigins(): Promise<Set<string>> {
    if (!this.failure && this.now() - this.refreshedAt > REFRESH_MS) await this.reload();
    const now = this.now();
    const origins = new Set<string>();
    for (const p of this.byHash.values()) {
      if (p.expiresAt === null || p.expiresAt > now) for (const o of p.origins) origins.add(o);
    }
    return origins;
  }

  private async lookUp(hash: string): Promise<Principal> {
    const age = this.now() - this.refreshedAt;
    if (this.failure) {
      // Requests never wait on a failing store: the retry runs beside them.
      if (this.now() >= this.retryAt) void this.reload();
    } else if (age > REFRESH_MS || (!this.byHash.has(hash) && age > UNKNOWN_KEY_REFRESH_MS)) {
      // Stale, or a key perhaps just created on another node: look again (at most every 100 ms for unknown keys).
      await this.reload();
    }
    const principal = this.byHash.get(hash);
    if (principal) return principal;
    if (this.failure) {
      throw new UnavailableError(
        "API keys cannot be checked while the store is unreachable; retry later",
        Math.max(1, Math.ceil((this.retryAt - this.now()) / 1000)),
      );
    }
    throw new UnauthorizedError();
  }

  /** One shared attempt to load the key set; false (and the failure recorded) when the store fails. */
  private reload(): Promise<boolean> {
    this.reloading ??= this.store
      .listApiKeys()
      .then(
        (keys) => {
          const next = new Map<string, Principal>();
          for (const k of keys) {
            // Expired keys stay known, so that their holder is told "expired" rather than "invalid".
            if (k.revoked_at === null) {
              next.set(k.key_hash, {
                id: k.id,
                name: k.name,
                scopes: k.scopes,
                expiresAt: k.expires_at,
                origins: k.allowed_origins,
              });
            }
          }
          this.byHash = next;
          this.refreshedAt = this.now();
          if (this.failure) this.logger.info("API keys reloaded from the store again");
          this.failure = null;
          this.retryMs = FIRST_RETRY_MS;
          return true;
        },
        (err: Error) => {
          if (!this.failure) {
            this.logger.warn(
              { err, known_keys: this.byHash.size },
              "API keys could not be reloaded from the store; serving the last known set until it answers",
            );
          }
          this.failure = err;
          this.retryAt = this.now() + this.retryMs;
          this.retryMs = Math.min(this.retryMs * 2, REFRESH_MS);
          return false;
        },
      )
      .finally(() => {
        this.reloading = null;
      });
    return this.reloading;
  }

  async create(name: string, scopes: Scope[], limits: KeyLimits = {}): Promise<{ id: string; key: string }> {
    const expiresAt = limits.expiresAt ?? null;
    const origins = [...new Set(limits.origins ?? [])];
    const errors: FieldError[] = [...originErrors(origins, "allowed_origins")];
    if (!scopes.length) errors.unshift({ field: "scopes", message: "must not be empty" });
    if (expiresAt !== null && expiresAt <= this.now())
      errors.push({ field: "expires_at", message: "must be in the future" });
    if (errors.length) throw new ValidationError("Invalid API key", errors);
    const key = generateKey();
    const record: ApiKeyRecord = {
      id: randomUUID(),
      name,
      scopes: [...new Set(scopes)],
      key_hash: hashKey(key),
      created_at: this.now(),
      revoked_at: null,
      expires_at: expiresAt,
      allowed_origins: origins,
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
      revoked_at: iso(k.revoked_at),
      expires_at: iso(k.expires_at),
      allowed_origins: k.allowed_origins,
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
