/** Typed errors. Each carries its HTTP status; `src/server/error-handler.ts` is the one place that maps them. */

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: FieldError[] = []) {
    super(message, 400, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Missing or invalid API key") {
    super(message, 401);
  }
}

export class ForbiddenError extends AppError {
  /** `keyId`: the valid key that lacked the right, so an audit of the refusal can name it. */
  constructor(
    message: string,
    readonly keyId: string | null = null,
  ) {
    super(message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 404);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(
    method: string,
    readonly allow: string[],
  ) {
    super(`Method ${method} is not allowed here; allowed: ${allow.join(", ")}`, 405);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: FieldError[]) {
    super(message, 413, details);
  }
}

/** The service cannot take the request now; the client should retry after `retryAfterSeconds`. */
export class UnavailableError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 503);
  }
}

/** Too many requests (per key, or failed authentications per IP); the client should retry after `retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429);
  }
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(details.length ? `${message}: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}` : message);
    this.name = "ConfigError";
  }
}

/** The store could not be reached at all (connection refused, unknown host): worth waiting for. */
export class StoreUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreUnreachableError";
  }
}
