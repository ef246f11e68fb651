/** The vocabulary of the demo: clients, models, endpoints and failure messages, with their weights. */

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

export const USER_AGENTS: Weighted<string> = [
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", 30],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    18,
  ],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", 8],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", 12],
  ["deep-tree-echo-sdk-python/1.4.2", 10],
  ["deep-tree-echo-sdk-js/2.1.0 node/20.14.0", 8],
  ["curl/8.5.0", 2],
];

export type Membrane = "memory" | "reasoning" | "grammar";

export interface ModelPrice {
  name: string;
  /** Cost per 1,000 tokens in and out. */
  input: number;
  output: number;
}

export interface MembraneProfile {
  models: Weighted<ModelPrice>;
  /** Median processing time in ms and the log-normal spread. */
  medianMs: number;
  sigma: number;
  /** Chance that one run fails on an ordinary day. */
  failure: number;
  failures: readonly string[];
}

export const MEMBRANES: Record<Membrane, MembraneProfile> = {
  memory: {
    models: [
      [{ name: "text-embedding-3-small", input: 0.00002, output: 0 }, 5],
      [{ name: "bge-large-en-v1.5", input: 0.00001, output: 0 }, 3],
      [{ name: "nomic-embed-text", input: 0.00001, output: 0 }, 2],
    ],
    medianMs: 45,
    sigma: 0.5,
    failure: 0.025,
    failures: [
      "Vector index unavailable: connection refused (vector-db:6333)",
      "Embedding request timed out after 10000 ms",
      "Retrieved context exceeds 8192 tokens; truncation disabled",
    ],
  },
  reasoning: {
    models: [
      [{ name: "gpt-4o", input: 0.0025, output: 0.01 }, 4],
      [{ name: "gpt-4o-mini", input: 0.00015, output: 0.0006 }, 5],
      [{ name: "claude-3-5-sonnet", input: 0.003, output: 0.015 }, 3],
      [{ name: "llama-3.1-70b-instruct", input: 0.0009, output: 0.0009 }, 2],
    ],
    medianMs: 1400,
    sigma: 0.55,
    failure: 0.045,
    failures: [
      "Model request timed out after 30000 ms",
      "Rate limit exceeded: too many tokens per minute",
      "Context length exceeded: prompt is longer than the model's window",
      "Upstream model provider returned 503 Service Unavailable",
    ],
  },
  grammar: {
    models: [
      [{ name: "gpt-4o-mini", input: 0.00015, output: 0.0006 }, 3],
      [{ name: "dte-grammar-small", input: 0.00005, output: 0.00005 }, 4],
    ],
    medianMs: 180,
    sigma: 0.45,
    failure: 0.02,
    failures: [
      "Grammar parser failed: unexpected token in model output",
      "Output failed schema validation: missing field 'answer'",
    ],
  },
};

export const FALLBACK_MODEL: ModelPrice = { name: "gpt-4o-mini", input: 0.00015, output: 0.0006 };

/** Error type for each membrane's failures (the message says which case it was). */
export const MEMBRANE_ERROR_TYPE: Record<Membrane, string> = {
  memory: "MemoryRetrievalError",
  reasoning: "ModelInvocationError",
  grammar: "GrammarValidationError",
};

export const SERVER_ERRORS: Record<number, { type: string; message: string }> = {
  500: { type: "InternalServerError", message: "Unhandled exception while processing the request" },
  502: { type: "BadGatewayError", message: "Upstream model provider returned an invalid response" },
  503: { type: "ServiceUnavailableError", message: "Vector store unavailable: connection pool exhausted" },
  504: { type: "GatewayTimeoutError", message: "Upstream request timed out after 30000 ms" },
};

export const CLIENT_ERRORS: ReadonlyArray<{ type: string; message: string; component: string; route: string }> = [
  {
    type: "TypeError",
    message: "Cannot read properties of undefined (reading 'messages')",
    component: "ChatPanel",
    route: "/chat",
  },
  {
    type: "ChunkLoadError",
    message: "Loading chunk 742 failed (timeout: https://app.example.com/static/js/742.js)",
    component: "Router",
    route: "/dashboards",
  },
  {
    type: "NetworkError",
    message: "Failed to fetch: the connection was reset",
    component: "SearchBox",
    route: "/search",
  },
];

export const TOPICS = ["billing", "onboarding", "api-usage", "troubleshooting", "product", "research", "writing"];
export const DASHBOARDS = ["overview", "usage", "costs", "quality", "latency"];
export const EXPORT_FORMATS: Weighted<string> = [
  ["csv", 5],
  ["json", 3],
  ["parquet", 1],
  ["xlsx", 2],
];
export const FILE_TYPES: Weighted<string> = [
  ["pdf", 5],
  ["docx", 2],
  ["md", 2],
  ["txt", 1],
  ["html", 1],
];
