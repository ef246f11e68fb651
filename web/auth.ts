const STORAGE = "dte.key";

/**
 * The key from a `#key=…` link, read once and removed from the address bar at once (so it is neither
 * bookmarked nor shared with the view); otherwise the one kept for this tab. A fragment never reaches
 * the server, so the key is in no request log.
 */
export function takeKey(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get("key");
  if (fromLink !== null) {
    history.replaceState(history.state, "", location.pathname + location.search);
    if (fromLink) rememberKey(fromLink);
  }
  return sessionStorage.getItem(STORAGE);
}

export function rememberKey(key: string): void {
  sessionStorage.setItem(STORAGE, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE);
}
