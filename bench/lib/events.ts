/**
 * Synthetic events for the benchmarks: a mix of API requests, AI processing runs and user actions,
 * about 250 bytes each as JSON (the width DESIGN.md's figures assume). No event_id: the product
 * generates one per event, so every stored event is distinct.
 */

const ENDPOINTS = ["/api/v1/chat/completions", "/api/v1/embeddings", "/api/v1/search", "/api/v1/documents/upload"];
const METHODS = ["POST", "GET", "POST", "PUT"];
const STATUS = [200, 200, 200, 201, 204, 400, 404, 500];
const MEMBRANES = ["memory", "reasoning", "grammar", "perception"];
const MODELS = ["gpt-4o-mini", "llama-3.1-8b", "claude-3-haiku"];
const ACTIONS = ["login", "open_chat", "send_message", "upload_file", "logout"];
const AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) bench/1.0";

/** One event as the HTTP API takes it (snake_case, with event_type). */
export function snakeEvent(i: number, now: number): Record<string, unknown> {
  const envelope = {
    timestamp: new Date(now - (i % 60_000)).toISOString(),
    user_id: `user-${String(i % 997).padStart(4, "0")}`,
    session_id: `sess-${String(i % 4999).padStart(5, "0")}-${i % 7}`,
  };
  const kind = i % 10;
  if (kind < 7) {
    return {
      event_type: "api_request",
      ...envelope,
      endpoint: ENDPOINTS[i % ENDPOINTS.length],
      method: METHODS[i % METHODS.length],
      status_code: STATUS[i % STATUS.length],
      response_time: 5 + ((i * 37) % 2000) / 10,
      ip_address: `10.0.${i % 256}.${(i * 7) % 256}`,
      user_agent: AGENT,
    };
  }
  if (kind < 9) {
    return {
      event_type: "cognitive_process",
      ...envelope,
      membrane_type: MEMBRANES[i % MEMBRANES.length],
      processing_time: 20 + ((i * 13) % 5000) / 10,
      input_tokens: 100 + (i % 900),
      output_tokens: 50 + (i % 400),
      success: i % 17 !== 0,
      model: MODELS[i % MODELS.length],
      cost: ((i % 100) + 1) / 10_000,
    };
  }
  return {
    event_type: "user_action",
    ...envelope,
    action: ACTIONS[i % ACTIONS.length],
    details: { page: `/chat/${i % 50}`, button: "primary", experiment: i % 2 ? "a" : "b" },
  };
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The same event as the library takes it (camelCase keys, `eventType`); nested keys stay as they are. */
export function camelEvent(i: number, now: number): { eventType: never } & Record<string, unknown> {
  return Object.fromEntries(Object.entries(snakeEvent(i, now)).map(([k, v]) => [camel(k), v])) as {
    eventType: never;
  } & Record<string, unknown>;
}

/** `count` events starting at `first`, built by `make`. */
export function eventList<T>(first: number, count: number, make: (i: number, now: number) => T): T[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => make(first + k, now));
}

/** Distinct HTTP bodies of `{"events": [...]}` with `size` events each. */
export function batchBodies(bodies: number, size: number): string[] {
  return Array.from({ length: bodies }, (_, b) => JSON.stringify({ events: eventList(b * size, size, snakeEvent) }));
}

/** The body of one single-event request to `POST /track/action`. */
export function actionBody(): string {
  return JSON.stringify({
    action: "send_message",
    user_id: "user-0042",
    session_id: "sess-00042-1",
    details: { page: "/chat/7", button: "primary", experiment: "a" },
  });
}
