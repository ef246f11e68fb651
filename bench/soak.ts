// npm run soak: a flood at twice the measured capacity for 30 s against a real `dte-analytics serve`
// on 127.0.0.1. Passes when only 201, 429 and 503 come back, the server's RSS stays under RSS_BOUND_MB,
// and it serves normally again by itself afterwards. Not part of npm test (about two minutes).
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { startCliServer } from "../test/helpers/cli-server.js";
import { tempDir } from "../test/helpers/test-app.js";

const ADMIN = "soak-admin-key-0123456789abcdef";
const FLOOD_SECONDS = 30;
const CONNECTIONS = 100;
/** The stated bound: the server's resident memory during and after the flood. */
const RSS_BOUND_MB = 512;
const ALLOWED = new Set(["201", "429", "503"]);

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

const body = (n: number) =>
  JSON.stringify({ action: "soak", user_id: `u${n % 1000}`, details: { n, page: "/chat", ok: true } });

async function run(url: string, key: string, seconds: number, rate?: number) {
  const r = await autocannon({
    url: `${url}/api/analytics/track/action`,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(rate ? { overallRate: rate } : {}),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    requests: Array.from({ length: 50 }, (_, n) => ({ body: body(n) })),
  });
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([c, s]) => [c, s.count ?? 0]));
  return { codes, errors: r.errors, timeouts: r.timeouts, sent: r.requests.total, p99: r.latency.p99 };
}

const dir = await tempDir();
// Capacity first, without a limit, on its own server; then the flood against a limited one.
const probe = await startCliServer(["--data-dir", `${dir.dir}/probe`], {
  ANALYTICS_ADMIN_KEY: ADMIN,
  ANALYTICS_RATE_LIMIT_PER_MINUTE: "0",
  ANALYTICS_LOG_LEVEL: "warn",
});
const measured = await run(probe.url, ADMIN, 5);
await probe.kill();
const capacity = Math.round((measured.codes["201"] ?? 0) / 5);
// The key may use half the capacity a minute's worth: the flood hits the limit well within its 30 s.
const limit = Math.max(1, Math.round((capacity * 60) / 2));
console.log(
  `capacity ${capacity} requests/s (p99 ${measured.p99} ms); flood at ${2 * capacity}/s, key limit ${limit}/min`,
);

const server = await startCliServer(["--data-dir", `${dir.dir}/flood`], {
  ANALYTICS_ADMIN_KEY: ADMIN,
  ANALYTICS_RATE_LIMIT_PER_MINUTE: String(limit),
  ANALYTICS_LOG_LEVEL: "warn",
});
const pid = server.child.pid as number;
let peak = rssMb(pid);
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMb(pid));
}, 250);
const failures: string[] = [];
try {
  const keyRes = await fetch(`${server.url}/api/analytics/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "soak", scopes: ["ingest"] }),
  });
  const { key } = (await keyRes.json()) as { key: string };
  const flood = await run(server.url, key, FLOOD_SECONDS, 2 * capacity);
  console.log(`flood: ${flood.sent} sent, status codes ${JSON.stringify(flood.codes)}, errors ${flood.errors}`);
  const other = Object.keys(flood.codes).filter((c) => !ALLOWED.has(c));
  if (other.length) failures.push(`status codes other than 201/429/503: ${other.join(", ")}`);
  if (!flood.codes["429"]) failures.push("no 429 although the flood exceeded the key's limit");
  if (flood.errors > 0) failures.push(`${flood.errors} connection errors or timeouts`);

  // Recovery by itself: the key's minute ends, and the server answers 201 again without a restart.
  const start = Date.now();
  let recovered = false;
  while (!recovered && Date.now() - start < 70_000) {
    const res = await fetch(`${server.url}/api/analytics/track/action`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body(0),
    });
    recovered = res.status === 201;
    if (!recovered) await sleep(1000);
  }
  const ready = await fetch(`${server.url}/api/analytics/health/ready`);
  console.log(`recovered after ${((Date.now() - start) / 1000).toFixed(1)} s; ready ${ready.status}`);
  if (!recovered) failures.push("the key was not served again within 70 s");
  if (ready.status !== 200) failures.push(`health/ready ${ready.status} after the flood`);
} finally {
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  await server.kill();
  await dir.remove();
}
console.log(`server RSS peak ${peak.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`);
if (peak > RSS_BOUND_MB) failures.push(`RSS peak ${peak.toFixed(0)} MB over the bound of ${RSS_BOUND_MB} MB`);
if (failures.length) {
  console.error(`soak failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("soak passed");
