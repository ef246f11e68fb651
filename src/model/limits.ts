/** Input limits. Configurable (see docs/configuration.md); the schemas and the normaliser read them. */
export interface Limits {
  /** Largest request body accepted, in bytes (413 above it). */
  bodyLimitBytes: number;
  /** Most events in one `POST /track/batch` or `trackBatch` call. */
  maxBatchEvents: number;
  /** Longest short string field (names, endpoints, user agents), and longest key in details, context and network_io. */
  maxStringLength: number;
  /** Longest long text field (error messages, stack traces, strings inside details/context). */
  maxTextLength: number;
  /** Deepest nesting allowed inside free-form objects (details, context). */
  maxDepth: number;
  /** Most keys allowed in one free-form object, counted over all its levels. */
  maxKeys: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyLimitBytes: 8 * 1024 * 1024,
  maxBatchEvents: 10_000,
  maxStringLength: 1024,
  maxTextLength: 16_384,
  maxDepth: 8,
  maxKeys: 200,
};
