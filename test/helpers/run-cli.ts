import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sourceCli } from "./cli-server.js";

const run = promisify(execFile);

/** Runs `dte-analytics <args>` from the sources to completion: its exit code and what it printed. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, sourceCli(args), { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}
