import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
/** The installed command, which runs the build in dist/. */
export const BIN = fileURLToPath(new URL("../../bin/dte-analytics.js", import.meta.url));

/** Node's arguments for `dte-analytics <args>`. */
export type CliEntry = (args: string[]) => string[];

/**
 * `dte-analytics <args>` from the sources through tsx, so a test sees what is in src/ now, without a
 * build; test/cli/compiled.test.ts runs the built command that ships (`builtCli`).
 */
export const sourceCli: CliEntry = (args) => ["--import", import.meta.resolve("tsx"), MAIN, ...args];
export const builtCli: CliEntry = (args) => [BIN, ...args];

/** A real `dte-analytics serve` process, so signals hit it the way they would in production. */
export interface CliServer {
  child: ChildProcess;
  url: string;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** What it printed on stdout so far (the banner). */
  stdout(): string;
  kill(): Promise<void>;
}

/**
 * Starts `dte-analytics serve --port 0` with `args` and `env` added, and resolves once it listens.
 * `onStderr` sees its error output as it comes (e.g. to notice it waiting for its store).
 */
export async function startCliServer(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string) => void,
  entry: CliEntry = sourceCli,
): Promise<CliServer> {
  const child = spawn(process.execPath, entry(["serve", "--port", "0", ...args]), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    err += chunk;
    onStderr?.(err);
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening: ${out}${err}`)));
  });
  return {
    child,
    url,
    stderr: () => err,
    stdout: () => out,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
  };
}
