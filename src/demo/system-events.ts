import { type DemoPlan, type DraftEvent, inWindow, MINUTE_MS, spikeFactor } from "./plan.js";
import { Random } from "./random.js";

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const percent = (x: number) => Math.min(100, Math.max(0, round(x)));

/** Open sessions at each minute of the day (from the plan: a session is open from its start to its planned end). */
function activeByMinute(plan: DemoPlan): Int32Array {
  const minutes = Math.ceil((plan.end - plan.start) / MINUTE_MS) + 2;
  const diff = new Int32Array(minutes + 1);
  const at = (t: number) => Math.min(minutes, Math.max(0, Math.ceil((t - plan.start) / MINUTE_MS)));
  for (const s of plan.sessions) {
    diff[at(s.start)] = (diff[at(s.start)] ?? 0) + 1;
    diff[at(s.plannedEnd)] = (diff[at(s.plannedEnd)] ?? 0) - 1;
  }
  for (let i = 1; i < diff.length; i++) diff[i] = (diff[i] ?? 0) + (diff[i - 1] ?? 0);
  return diff;
}

/**
 * One system_metric a minute, on the minute. The values follow the traffic of the plan: load from the
 * open sessions, three times the latency in the spike, a high error rate in the burst.
 */
export function* metricEvents(plan: DemoPlan): Generator<DraftEvent> {
  const rng = Random.derive(plan.seed, plan.end, 3);
  const active = activeByMinute(plan);
  const peak = Math.max(1, ...active);
  const diskStart = rng.float(35, 60);
  for (let t = Math.ceil(plan.start / MINUTE_MS) * MINUTE_MS; t <= plan.end; t += MINUTE_MS) {
    const open = active[Math.round((t - plan.start) / MINUTE_MS)] ?? 0;
    const load = open / peak;
    const spike = spikeFactor(plan, t);
    const burst = inWindow(t, plan.errorBurst);
    // About one request per session every 40 s of think time, plus a steady trickle from SDK clients.
    const throughput = Math.max(0, round(((open / 40) * spike + 0.2) * (1 + rng.normal(0, 0.1)), 2));
    yield {
      eventType: "system_metric",
      timestamp: t,
      cpuUsage: percent(10 + 55 * load + (spike > 1 ? 25 : 0) + rng.normal(0, 3)),
      memoryUsage: percent(38 + 28 * load + rng.normal(0, 1.5)),
      // Logs and the database grow through the day.
      diskUsage: percent(diskStart + (4 * (t - plan.start)) / (plan.end - plan.start) + rng.normal(0, 0.05)),
      networkIo: {
        bytesIn: Math.round(throughput * 60 * rng.lognormal(3_500, 0.2)),
        bytesOut: Math.round(throughput * 60 * rng.lognormal(12_000, 0.2)),
      },
      responseTime: round(rng.lognormal(320, 0.15) * spike * (burst ? 1.6 : 1)),
      throughput,
      errorRate: percent(burst ? rng.normal(22, 4) : rng.normal(1.8, 0.6) + (spike > 1 ? 3 : 0)),
      activeSessions: open,
      cacheHitRate: percent(rng.normal(78, 3) - (spike > 1 ? 15 : 0) - (burst ? 10 : 0)),
    };
  }
}

/**
 * Errors that belong to no session: the provider outage seen from the backend during the burst, and
 * a few failed background jobs through the day. Time order.
 */
export function* systemErrorEvents(plan: DemoPlan): Generator<DraftEvent> {
  const rng = Random.derive(plan.seed, plan.end, 4);
  const jobs = Array.from({ length: rng.int(3, 8) }, () => rng.int(plan.start, plan.end)).sort((a, b) => a - b);
  const burst: number[] = [];
  for (let t = plan.errorBurst.start + rng.int(0, 20_000); t < plan.errorBurst.end; t += rng.int(10_000, 40_000)) {
    burst.push(t);
  }
  const all = [...jobs.map((t) => ({ t, job: true })), ...burst.map((t) => ({ t, job: false }))].sort(
    (a, b) => a.t - b.t,
  );
  for (const { t, job } of all) {
    if (t > plan.end) return;
    yield job
      ? {
          eventType: "error",
          timestamp: t,
          errorType: "ScheduledJobError",
          errorMessage: rng.pick([
            "Report job 'daily-usage' exceeded its 60 s time limit",
            "Index compaction skipped: another compaction is running",
            "Webhook delivery to https://hooks.example.com/alerts failed after 3 attempts",
          ]),
          stackTrace: null,
          context: { source: "scheduler", attempt: rng.int(1, 3) },
        }
      : {
          eventType: "error",
          timestamp: t,
          errorType: "UpstreamProviderError",
          errorMessage: "Model provider returned 503 Service Unavailable (health check)",
          stackTrace: null,
          context: { source: "provider-health", provider: "primary-llm", region: "us-east-1" },
        };
  }
}
