import { existsSync } from "node:fs";

/** Debian's chromium (scripts/install-test-deps.sh installs it), which the browser tests drive; null when absent. */
export function chromiumBinary(): string | null {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return existsSync(path) ? path : null;
}
