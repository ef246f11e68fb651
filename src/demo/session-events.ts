import {
  CLIENT_ERRORS,
  DASHBOARDS,
  EXPORT_FORMATS,
  FALLBACK_MODEL,
  FILE_TYPES,
  MEMBRANE_ERROR_TYPE,
  MEMBRANES,
  type Membrane,
  type ModelPrice,
  SERVER_ERRORS,
  TOPICS,
} from "./catalogue.js";
import { type DemoPlan, type DraftEvent, inWindow, type SessionPlan, spikeFactor } from "./plan.js";
import { Random } from "./random.js";

type Interaction = "chat" | "search" | "dashboard" | "history" | "feedback" | "embeddings" | "export" | "settings";

const INTERACTIONS: ReadonlyArray<readonly [Interaction | "clientError", number]> = [
  ["chat", 38],
  ["search", 14],
  ["dashboard", 12],
  ["history", 8],
  ["feedback", 8],
  ["embeddings", 7],
  ["export", 4],
  ["settings", 3],
  ["clientError", 1.5],
];

/** Endpoints that call the model provider: these are the ones the error burst hits hardest. */
const AI_ENDPOINTS = new Set(["/api/chat", "/api/search", "/api/embeddings"]);

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One session's events in time order. Each session draws from its own PRNG (derived from the seed and
 * its index), so the merge can pull sessions lazily and the output still depends on the seed alone.
 * Events after the end of the day are cut off, which leaves that session open.
 */
export function* sessionEvents(plan: DemoPlan, session: SessionPlan): Generator<DraftEvent> {
  const w = new SessionWriter(plan, session);
  w.open();
  if (!(yield* w.flush())) return;
  for (;;) {
    w.interaction();
    if (!(yield* w.flush())) return;
    // Think time between interactions; users click faster during the spike.
    const gap = Math.min(900_000, Math.max(2_000, w.rng.lognormal(40_000, 0.9))) / spikeFactor(plan, w.clock);
    if (w.clock + gap > session.plannedEnd) break;
    w.advance(gap);
  }
  w.close();
  yield* w.flush();
}

interface CognitiveRun {
  inputTokens: number;
  outputTokens: number;
  model?: ModelPrice;
}

class SessionWriter {
  readonly rng: Random;
  /** Current time of this session, integer epoch ms. */
  clock: number;
  private buffer: DraftEvent[] = [];
  private chats = 0;
  private requests = 0;
  /** Id of the request in progress, so a failed run and its request's error share it. */
  private request = "";

  constructor(
    private readonly plan: DemoPlan,
    private readonly session: SessionPlan,
  ) {
    this.rng = Random.derive(plan.seed, plan.end, 2, session.index);
    this.clock = session.start;
  }

  advance(ms: number): void {
    this.clock += Math.max(0, Math.round(ms));
  }

  /** Yields what was buffered; false (and nothing more) once an event falls after the end of the day. */
  *flush(): Generator<DraftEvent, boolean> {
    const events = this.buffer;
    this.buffer = [];
    for (const e of events) {
      if (e.timestamp > this.plan.end) return false;
      yield e;
    }
    return true;
  }

  private emit(eventType: DraftEvent["eventType"], fields: Record<string, unknown>): void {
    this.buffer.push({
      eventType,
      timestamp: this.clock,
      userId: this.session.user.userId,
      sessionId: this.session.sessionId,
      ...fields,
    });
  }

  private action(action: string, details: Record<string, unknown>): void {
    this.emit("user_action", { action, details });
  }

  open(): void {
    const { ipAddress, userAgent } = this.session.user;
    this.emit("session_start", { ipAddress, userAgent });
    this.advance(this.rng.int(300, 3_000));
    if (this.rng.chance(0.35)) this.emit("performance", { name: "page_load", value: this.pageLoad(), unit: "ms" });
    if (!this.rng.chance(0.65)) return;
    const method = this.rng.weighted([
      ["password", 5],
      ["sso", 4],
      ["api_key", 1],
    ] as const);
    this.action("login", { method });
    if (this.simpleRequest("/api/auth/login", "POST", 200, 120) >= 400) {
      // A mistyped password (or a blip) and a second attempt a few seconds later.
      this.advance(this.rng.int(3_000, 12_000));
      this.action("login", { method, retry: true });
      this.simpleRequest("/api/auth/login", "POST", 200, 120);
    }
  }

  close(): void {
    if (this.session.leftOpen) return;
    this.advance(this.rng.int(1_000, 60_000));
    if (this.rng.chance(0.45)) {
      this.action("logout", {});
      this.simpleRequest("/api/auth/logout", "POST", 204, 15);
      this.emit("session_end", { reason: "logout" });
    } else {
      this.emit("session_end", { reason: this.rng.pick(["tab_closed", "client_idle"]) });
    }
  }

  interaction(): void {
    const kind = this.rng.weighted(INTERACTIONS);
    const rng = this.rng;
    switch (kind) {
      case "chat":
        this.chat();
        return;
      case "feedback":
        // Feedback is on an answer; without one yet, the user asks something instead.
        if (!this.chats) {
          this.chat();
          return;
        }
        this.action("feedback", {
          rating: rng.weighted([
            [1, 1],
            [2, 1],
            [3, 2],
            [4, 4],
            [5, 5],
          ] as const),
          conversationTurn: this.chats,
          withComment: rng.chance(0.2),
        });
        this.simpleRequest("/api/feedback", "POST", 201, 25);
        return;
      case "search":
        this.action("search", { queryLength: rng.int(3, 80), filters: rng.int(0, 3) });
        this.aiRequest("/api/search", "GET", 35, () => {
          const ok = this.cognitive("memory", {
            inputTokens: rng.int(3, 40),
            outputTokens: Math.round(rng.lognormal(600, 0.5)),
          });
          return ok || rng.chance(0.5) ? 200 : 503;
        });
        return;
      case "embeddings":
        this.action("upload_document", {
          fileType: rng.weighted(FILE_TYPES),
          sizeKb: Math.round(rng.lognormal(300, 1)),
        });
        this.aiRequest("/api/embeddings", "POST", 60, () => {
          for (let chunk = rng.int(1, 4); chunk > 0; chunk--) {
            const ok = this.cognitive("memory", {
              inputTokens: Math.round(rng.lognormal(2_000, 0.5)),
              outputTokens: 0,
            });
            if (!ok && rng.chance(0.5)) return 502;
          }
          return 200;
        });
        return;
      case "dashboard": {
        this.action("view_dashboard", { dashboard: rng.pick(DASHBOARDS) });
        if (this.simpleRequest("/api/dashboards", "GET", 200, 90) < 400) {
          this.emit("performance", { name: "page_load", value: this.pageLoad(), unit: "ms" });
        }
        return;
      }
      case "history":
        this.action("open_history", { conversations: rng.int(0, 40) });
        this.simpleRequest("/api/history", "GET", 200, 40);
        return;
      case "export":
        this.action("export", { format: rng.weighted(EXPORT_FORMATS), rows: Math.round(rng.lognormal(2_000, 1.2)) });
        this.simpleRequest("/api/export", "GET", 200, 700);
        return;
      case "settings":
        this.action("update_settings", { setting: rng.pick(["theme", "language", "notifications", "default_model"]) });
        this.simpleRequest("/api/settings", "PUT", 200, 30);
        return;
      case "clientError": {
        const e = rng.pick(CLIENT_ERRORS);
        this.emit("error", {
          errorType: e.type,
          errorMessage: e.message,
          stackTrace: `${e.type}: ${e.message}\n    at ${e.component} (app.js:${rng.int(100, 9_000)}:${rng.int(1, 80)})\n    at renderWithHooks (vendor.js:4521:18)`,
          context: { component: e.component, route: e.route, source: "browser" },
        });
        return;
      }
    }
  }

  /** A question to the assistant: memory retrieval, reasoning, then grammar (structured output). */
  private chat(): void {
    const rng = this.rng;
    const turn = ++this.chats;
    this.action("query", { topic: rng.pick(TOPICS), queryLength: rng.int(5, 600), conversationTurn: turn });
    const started = this.clock;
    const status = this.aiRequest("/api/chat", "POST", 60, () => {
      const context = Math.round(rng.lognormal(900, 0.5));
      const memoryOk = this.cognitive("memory", { inputTokens: rng.int(8, 200), outputTokens: context });
      if (!memoryOk && rng.chance(0.3)) return 503;
      const inputTokens = Math.round(rng.lognormal(400, 0.6)) + (memoryOk ? context : 0) + turn * 150;
      const outputTokens = Math.round(rng.lognormal(320, 0.7));
      if (!this.cognitive("reasoning", { inputTokens, outputTokens })) {
        if (rng.chance(0.35)) return rng.pick([502, 504]);
        // The application retries once on its cheaper fallback model.
        if (!this.cognitive("reasoning", { inputTokens, outputTokens, model: FALLBACK_MODEL })) return 502;
      }
      const grammarOut = Math.round(outputTokens * rng.float(0.9, 1.05));
      if (
        !this.cognitive("grammar", { inputTokens: outputTokens + 40, outputTokens: grammarOut }) &&
        rng.chance(0.25)
      ) {
        return 500;
      }
      return 200;
    });
    if (status < 400) {
      const ttft = (this.clock - started) * rng.float(0.2, 0.5);
      this.emit("performance", { name: "time_to_first_token", value: round(ttft), unit: "ms" });
    }
  }

  private pageLoad(): number {
    return round(this.rng.lognormal(850, 0.5) * spikeFactor(this.plan, this.clock));
  }

  /**
   * A request whose work is done by cognitive runs. `work` runs only when the request got past the
   * front door; it returns the status, 5xx when a failed run sank the request (already reported).
   */
  private aiRequest(endpoint: string, method: string, medianMs: number, work: () => number): number {
    const started = this.beginRequest();
    let status = this.frontStatus(endpoint, 200);
    let reported = false;
    if (status === 200) {
      status = work();
      reported = status >= 500;
    }
    return this.finish(endpoint, method, status, started, medianMs, reported);
  }

  private simpleRequest(endpoint: string, method: string, ok: number, medianMs: number): number {
    const started = this.beginRequest();
    return this.finish(endpoint, method, this.frontStatus(endpoint, ok), started, medianMs, false);
  }

  private finish(
    endpoint: string,
    method: string,
    statusCode: number,
    started: number,
    medianMs: number,
    reported: boolean,
  ): number {
    const rng = this.rng;
    let own = rng.lognormal(medianMs, 0.5) * spikeFactor(this.plan, this.clock);
    if (statusCode === 504 && !reported) own = 30_000 + rng.int(0, 50);
    else if (statusCode >= 400 && statusCode < 500) own = rng.lognormal(8, 0.5);
    this.advance(own);
    const { ipAddress, userAgent } = this.session.user;
    this.emit("api_request", {
      endpoint,
      method,
      statusCode,
      responseTime: round(Math.max(0.1, this.clock - started + rng.next())),
      ipAddress,
      userAgent,
    });
    if (statusCode >= 500 && !reported) {
      const e = SERVER_ERRORS[statusCode] ?? { type: "ServerError", message: `Request failed with ${statusCode}` };
      this.emit("error", {
        errorType: e.type,
        errorMessage: e.message,
        stackTrace: null,
        context: { endpoint, method, statusCode, requestId: this.request },
      });
    }
    return statusCode;
  }

  private beginRequest(): number {
    this.advance(this.rng.int(20, 150));
    this.request = `req-${this.session.index.toString(36)}-${(++this.requests).toString(36)}`;
    return this.clock;
  }

  /** The outcome decided before any work: ~1% 5xx (far more in the error burst), a few 4xx (429s in the spike). */
  private frontStatus(endpoint: string, ok: number): number {
    const rng = this.rng;
    const burst = inWindow(this.clock, this.plan.errorBurst);
    const spike = inWindow(this.clock, this.plan.trafficSpike);
    const ai = AI_ENDPOINTS.has(endpoint);
    if (rng.chance(burst ? (ai ? 0.3 : 0.05) : 0.01)) {
      return burst && ai
        ? rng.weighted([
            [502, 3],
            [503, 1],
            [504, 2],
          ] as const)
        : rng.weighted([
            [500, 4],
            [502, 1],
            [503, 2],
            [504, 1],
          ] as const);
    }
    if (rng.chance(spike ? 0.09 : 0.035)) {
      return rng.weighted([
        [400, 3],
        [401, 2],
        [403, 1],
        [404, 2],
        [422, 1],
        [429, spike ? 8 : 1],
      ] as const);
    }
    return ok;
  }

  /** One membrane run; a failure is also reported as an error event. Returns whether it succeeded. */
  private cognitive(membrane: Membrane, run: CognitiveRun): boolean {
    const rng = this.rng;
    const profile = MEMBRANES[membrane];
    const model = run.model ?? rng.weighted(profile.models);
    const burst = inWindow(this.clock, this.plan.errorBurst);
    // The burst is a model-provider outage: reasoning fails most, the rest a little more than usual.
    const failure = profile.failure * (burst ? (membrane === "reasoning" ? 8 : 2) : 1);
    const failed = rng.chance(failure);
    let ms = rng.lognormal(profile.medianMs, profile.sigma) * spikeFactor(this.plan, this.clock);
    let message: string | null = null;
    if (failed) {
      message =
        burst && membrane === "reasoning"
          ? "Upstream model provider returned 503 Service Unavailable"
          : rng.pick(profile.failures);
      const timeout = /timed out after (\d+) ms/.exec(message);
      if (timeout) ms = Number(timeout[1]) + rng.int(0, 40);
      else ms *= rng.float(0.1, 1);
    }
    ms = round(ms);
    this.advance(ms);
    const outputTokens = failed ? 0 : run.outputTokens;
    this.emit("cognitive_process", {
      membraneType: membrane,
      processingTime: ms,
      inputTokens: run.inputTokens,
      outputTokens,
      success: !failed,
      errorMessage: message,
      model: model.name,
      cost: round((run.inputTokens * model.input + outputTokens * model.output) / 1_000, 8),
    });
    if (message) {
      this.emit("error", {
        errorType: MEMBRANE_ERROR_TYPE[membrane],
        errorMessage: message,
        stackTrace: null,
        context: { membrane, model: model.name, requestId: this.request },
      });
    }
    return !failed;
  }
}
