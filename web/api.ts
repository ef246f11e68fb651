/** An answer other than 2xx, with the API's own message ("This API key has expired", a field at fault…). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE = "/api/analytics";

/** The API's error message, with each field at fault ("hours must be > 0"). */
async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as {
    error?: string;
    details?: { field: string; message: string }[];
  } | null;
  const details = body?.details?.map((d) => `${d.field} ${d.message}`).join("; ");
  return [body?.error ?? res.statusText, details].filter(Boolean).join(": ");
}

/** Calls the API with the visitor's key; every call takes the view's AbortSignal so leaving a view cancels it. */
export class Api {
  constructor(readonly key: string) {}

  async request<T>(path: string, init: { signal?: AbortSignal; method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${BASE}${path}`, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
    if (res.status === 204) return undefined as T;
    if (!res.ok) throw new ApiError(res.status, await errorText(res));
    return (await res.json()) as T;
  }

  /** A response read by the caller: a stream (text/event-stream) or a report file; an error answer throws. */
  async raw(path: string, signal: AbortSignal): Promise<Response> {
    const res = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${this.key}` }, signal });
    if (!res.ok) throw new ApiError(res.status, await errorText(res));
    return res;
  }
}

/** Query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === "AbortError";

/** Runs `onSlow` if the promise has not settled after `ms`, so a slow range says so instead of looking frozen. */
export function whenSlow<T>(promise: Promise<T>, onSlow: () => void, ms = 1500): Promise<T> {
  const timer = setTimeout(onSlow, ms);
  return promise.finally(() => clearTimeout(timer));
}
