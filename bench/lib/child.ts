import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildArgs, ChildMessage, Command, DrainResult, PrefillResult, StatsResult } from "../child/protocol.js";

const ENTRY = fileURLToPath(new URL("../child/server.ts", import.meta.url));

/** Node flags for the child: TypeScript through tsx, plus --cpu-prof when BENCH_CPU_PROF names a directory. */
function execArgv(): string[] {
  const flags = ["--import", import.meta.resolve("tsx")];
  const prof = process.env.BENCH_CPU_PROF;
  if (prof) flags.push("--cpu-prof", `--cpu-prof-dir=${prof}`);
  return flags;
}

/** A server under test running in a child process, driven over IPC. */
export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on("message", (m: ChildMessage) => {
      if (m.type !== "reply") return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(`server: ${m.error}`));
    });
    child.on("exit", (code) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`server process exited (${code})`));
      this.pending.clear();
    });
  }

  static start(args: ChildArgs): Promise<ServerProcess> {
    const child = fork(ENTRY, [JSON.stringify(args)], {
      execArgv: execArgv(),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server process (${args.mode}) exited early (${code})`));
      child.once("exit", onExit);
      child.once("message", (m: ChildMessage) => {
        child.off("exit", onExit);
        if (m.type === "ready") resolve(new ServerProcess(child, m.url));
        else reject(new Error(`unexpected first message from server: ${JSON.stringify(m)}`));
      });
    });
  }

  private call<T>(c: Command): Promise<T> {
    if (this.exited) return Promise.reject(new Error("server process has exited"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, ...c });
    });
  }

  /** Waits until everything acknowledged is in the store; returns how long that took. */
  drain(): Promise<DrainResult> {
    return this.call({ cmd: "drain" });
  }
  prefill(events: number, batchSize: number, concurrency: number): Promise<PrefillResult> {
    return this.call({ cmd: "prefill", events, batchSize, concurrency });
  }
  stats(): Promise<StatsResult> {
    return this.call({ cmd: "stats" });
  }

  /** Stops the server (which flushes the store) and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await this.call({ cmd: "stop" }).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** Last resort on a failed run: this process's own child, by its handle. */
  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }
}
