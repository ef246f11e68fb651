import { type StringOptions, type TString, Type } from "@sinclair/typebox";

/**
 * The longest id (event, session, user, API key): one limit on every path, so an id accepted on
 * write can always be read back and ended (the server's URL parameters allow it; see app.ts).
 */
export const MAX_ID_LENGTH = 128;

/** The longest name of an API key. */
export const MAX_KEY_NAME_LENGTH = 128;

/**
 * Matches a string without a lone UTF-16 surrogate. Ajv compiles patterns with the `u` flag, so a
 * well-formed pair is one code point outside this range and only a lone half is refused.
 */
export const WELL_FORMED_PATTERN = "^[^\\uD800-\\uDFFF]*$";

/** ES2024's String.prototype.isWellFormed (Node 20 has it; the ES2022 lib typings do not). */
export const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** An id: 1 to MAX_ID_LENGTH characters. */
export function idString(description?: string): TString {
  return Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, ...(description ? { description } : {}) });
}

/**
 * A string checked for lone surrogates by its schema, for input that does not pass through the event
 * normaliser (which checks whole events at once). Always bounded: the caller gives maxLength.
 */
export function wellFormedString(options: StringOptions & { maxLength: number }): TString {
  return Type.String({ ...options, pattern: WELL_FORMED_PATTERN });
}
