import type { FieldError } from "../errors.js";

/**
 * Which of `origins` are not exact browser origins (`https://app.example.com`, `http://localhost:8080`):
 * scheme http(s), a host, perhaps a port, nothing else. A browser sends its Origin header in exactly
 * this normalised form, so anything else (a path, a trailing slash, upper case) could never match.
 */
export function originErrors(origins: readonly string[], field: string): FieldError[] {
  const errors: FieldError[] = [];
  origins.forEach((origin, i) => {
    if (!isExactOrigin(origin)) {
      errors.push({
        field: `${field}.${i}`,
        message: "must be an exact origin: http(s)://host[:port], lower case, no path or trailing slash",
      });
    }
  });
  return errors;
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}
