import type { Random } from "../../src/demo/random.js";

/** One generated request: what inject or a raw socket sends. Bodies are bytes, so they may be bad UTF-8. */
export interface FuzzRequest {
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzRoute {
  method: string;
  url: string;
  /** The names the route's query string knows. */
  query: string[];
}

/** A plausible body per route, which the mutations below start from. */
const SEEDS: Array<[RegExp, () => Record<string, unknown>]> = [
  [/track\/action$/, () => ({ action: "click", user_id: "u1", details: { button: "ok" } })],
  [/track\/api-request$/, () => ({ endpoint: "/chat", method: "POST", status_code: 200, response_time: 12.5 })],
  [/track\/cognitive-process$/, () => ({ process_type: "reasoning", duration_ms: 250, success: true })],
  [/track\/system-metrics$/, () => ({ cpu_usage: 40, memory_usage: 60, active_sessions: 3 })],
  [/track\/error$/, () => ({ error_type: "TypeError", error_message: "x is undefined", severity: "error" })],
  [/track\/performance$/, () => ({ metric_name: "ttfb", value: 120, unit: "ms" })],
  [/track\/batch$/, () => ({ events: [{ event_type: "user_action", action: "a" }] })],
  [/session\/start$/, () => ({ user_id: "u1", user_agent: "fuzz" })],
  [/keys$/, () => ({ name: "fuzz", scopes: ["read"] })],
];

const seedFor = (url: string) => SEEDS.find(([re]) => re.test(url))?.[1]() ?? { value: 1 };

/** Values of the wrong kind, or at the edges of the right one. */
const ODD_VALUES: unknown[] = [
  null,
  [],
  [1, 2],
  {},
  { nested: { deeper: [null] } },
  "",
  " ",
  "x".repeat(5000),
  "\u0000\u0001",
  "\uD800",
  "😀",
  -1,
  0,
  -0,
  1.5,
  2 ** 53,
  2 ** 64,
  Number.MAX_VALUE,
  true,
  "NaN",
  "2026-02-30T00:00:00Z",
  "1e999",
];

/** Raw JSON number literals that JSON.stringify cannot make: they parse to Infinity or lose digits. */
const RAW_NUMBERS = ["1e999", "-1e999", "9".repeat(400), "1e-400", "123456789012345678901234567890", "-0.0e0"];

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json; charset=latin1",
  "application/jsonx",
  "",
  "*/*",
];

/** Bytes that are not UTF-8: a lone continuation byte, an overlong form, a CESU surrogate, a cut sequence. */
const BAD_UTF8 = [
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf0, 0x9f]),
  Buffer.from([0xff, 0xfe]),
];

const PATH_JUNK = [
  "%",
  "%zz",
  "%00",
  "%C0%AF",
  "%ED%A0%80",
  "..",
  "../../etc/passwd",
  "//",
  "~",
  "x".repeat(3000),
  "😀",
  ";",
  "*",
];

const QUERY_JUNK = [
  "limit=abc",
  "limit=-1",
  "limit=1e9",
  "limit=1&limit=2",
  "from=tomorrow",
  "from=2026-13-01",
  "to=99999999999999999999",
  "event_type=nope",
  "cursor=%ff",
  "cursor=",
  "since=",
  `user_id=${"u".repeat(300)}`,
  "status[]=active",
  "__proto__[x]=1",
  "constructor=1",
  "a=%zz",
];

/** Values no query parameter of the API takes: not a number, not a time, over every length limit, bad encoding. */
const BAD_QUERY_VALUES = ["abc", "-1", "x".repeat(3000), "%ff", "%C0%AF", "[]", "NaN", "1e999"];

function deep(depth: number, array: boolean): string {
  return array ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Replaces one (possibly nested) value of `body` with an odd one. */
function mutateValue(random: Random, body: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(body);
  const key =
    random.chance(0.8) && keys.length
      ? random.pick(keys)
      : random.pick(["event_id", "timestamp", "extra", "__proto__"]);
  return { ...body, [key]: random.pick(ODD_VALUES) };
}

/**
 * The generator: for a route, one malformed request of a random kind. Every kind is a way clients
 * (or attackers) get requests wrong; the server must answer each with a JSON 4xx, never a 5xx.
 */
export function fuzzRequest(random: Random, route: FuzzRoute, oversizeBytes: number): FuzzRequest {
  // A GET's input is its query string: one of its own parameters always gets a bad value, so a read is
  // never accidentally valid (and as slow as a real analytics query) whatever else the kind changes.
  const badParam = route.query.length ? `?${random.pick(route.query)}=${random.pick(BAD_QUERY_VALUES)}` : "";
  const url =
    route.url.replace(/:[A-Za-z_]+/g, () => random.pick(["x", "abc", "%20", "a".repeat(200)])).replace("*", "x") +
    badParam;
  const json = { "content-type": "application/json" };
  const base = (kind: string, body: Buffer | undefined, headers: Record<string, string> = json, at = url) => ({
    kind,
    method: route.method,
    url: at,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = (s: string) => Buffer.from(s);
  const seed = seedFor(route.url);
  const kind = random.int(0, 13);
  switch (kind) {
    case 0:
      return base("wrong type", text(JSON.stringify(mutateValue(random, seed))));
    case 1: {
      const whole = JSON.stringify(seed);
      return base("truncated JSON", text(whole.slice(0, random.int(0, whole.length - 1))));
    }
    case 2:
      return base("deeply nested", text(`{"details":${deep(random.int(50, 1000), random.chance(0.5))}}`));
    case 3:
      return base("not an object", text(JSON.stringify(random.pick([[seed], "text", 42, null, true, [[]]]))));
    case 4: {
      const field = random.pick(Object.keys(seed));
      return base("huge number", text(`{${JSON.stringify(field)}:${random.pick(RAW_NUMBERS)}}`));
    }
    case 5: {
      const whole = text(JSON.stringify(seed));
      const at = random.int(0, whole.length);
      return base("bad UTF-8", Buffer.concat([whole.subarray(0, at), random.pick(BAD_UTF8), whole.subarray(at)]));
    }
    case 6: {
      const type = random.pick(CONTENT_TYPES);
      return base("wrong content type", text(JSON.stringify(seed)), type ? { "content-type": type } : {});
    }
    case 7:
      return base("oversized", Buffer.alloc(oversizeBytes + random.int(1, 4096), 0x20));
    case 8:
      return base("path junk", text("{}"), json, `${url.split("?")[0]}/${random.pick(PATH_JUNK)}`);
    case 9:
      return base(
        "query junk",
        undefined,
        {},
        `${url}${badParam ? "&" : "?"}${random.pick(QUERY_JUNK)}&${random.pick(QUERY_JUNK)}`,
      );
    case 10:
      return {
        ...base("wrong method", text("{}")),
        method: random.pick(["PUT", "PATCH", "DELETE", "GET", "POST"].filter((m) => m !== route.method)),
      };
    case 11:
      return base("giant header", text(JSON.stringify(seed)), {
        ...json,
        "x-junk": "j".repeat(random.int(1000, 20_000)),
      });
    case 12:
      return base(
        "duplicate and odd keys",
        text(`{"a":1,"a":2,"__proto__":{"polluted":1},"constructor":{"prototype":{}}}`),
      );
    default:
      return base("empty body", text(""), random.chance(0.5) ? json : {});
  }
}
