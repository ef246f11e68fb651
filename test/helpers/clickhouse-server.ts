import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, openSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A private ClickHouse server for one test file: its own ports, its own data directory. */
export interface ClickHouseServer {
  /** `http://127.0.0.1:PORT`, the HTTP interface. */
  readonly httpUrl: string;
  readonly httpPort: number;
  /** The temporary directory holding its configuration, data and logs. */
  readonly dir: string;
  /** The store URL `openStore` takes: `clickhouse://default:@127.0.0.1:PORT/<database>`. */
  storeUrl(database: string): string;
  /** SIGTERM, then waits for the process to exit (a graceful shutdown: about 8 s on 18.16). */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the process to exit (a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data directory; waits until it answers. */
  restart(): Promise<void>;
  /** Stops it (SIGKILL: its data is thrown away, so the slow graceful shutdown buys nothing) and deletes its directory. */
  remove(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;

/** The clickhouse-server executable, or null when ClickHouse is not installed. */
export function clickHouseBinary(): string | null {
  const dirs = ["/usr/sbin", "/usr/bin", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const d of dirs) {
    const path = join(d, "clickhouse-server");
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not here; try the next directory.
    }
  }
  return null;
}

/** A database name no other test file uses, so files sharing a server could not disturb each other. */
export function uniqueDatabase(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

/** Two distinct free loopback ports: both listeners are open at once, so they cannot coincide. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (!address || typeof address === "string") throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function configXml(dir: string, httpPort: number, tcpPort: number): string {
  // `<yandex>` is the root 18.16 requires; current releases still accept it.
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <log>${dir}/server.log</log>
    <errorlog>${dir}/err.log</errorlog>
    <console>0</console>
  </logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <mark_cache_size>268435456</mark_cache_size>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`;

/** Every live server, so that a test process that dies leaves no ClickHouse running behind it. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackForExit(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

async function readLog(path: string): Promise<string> {
  try {
    return (await readFile(path, "utf8")).trim().split("\n").slice(-20).join("\n");
  } catch {
    return "(none)";
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts a private clickhouse-server on free loopback ports in a new temporary directory and waits
 * until it answers `/ping`. Throws when ClickHouse is not installed (callers that may run without it
 * check `clickHouseBinary()` first; scripts/run-tests.ts keeps such files out of the run).
 */
export async function startClickHouse(): Promise<ClickHouseServer> {
  const binary = clickHouseBinary();
  if (!binary) throw new Error("clickhouse-server is not installed (run scripts/install-test-deps.sh as root)");
  const dir = await mkdtemp(join(tmpdir(), "dte-clickhouse-"));
  for (const sub of ["data", "tmp", "user_files", "format_schemas"]) await mkdir(join(dir, sub));
  await writeFile(join(dir, "users.xml"), USERS_XML);

  let child: ChildProcess | null = null;
  let httpPort = 0;

  const launch = async (): Promise<void> => {
    const out = openSync(join(dir, "stdout.log"), "a");
    const proc = spawn(binary, [`--config-file=${join(dir, "config.xml")}`], {
      cwd: dir,
      stdio: ["ignore", out, out],
    });
    // The child has its own copy of the descriptor.
    closeSync(out);
    child = proc;
    trackForExit(proc);
    const url = `http://127.0.0.1:${httpPort}/ping`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(
          `clickhouse-server exited (${proc.exitCode ?? proc.signalCode}) while starting in ${dir}\n` +
            `err.log:\n${await readLog(join(dir, "err.log"))}\nstdout.log:\n${await readLog(join(dir, "stdout.log"))}`,
        );
      }
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (res.ok && (await res.text()).startsWith("Ok.")) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        proc.kill("SIGKILL");
        await exited(proc);
        throw new Error(
          `clickhouse-server did not answer ${url} within ${START_TIMEOUT_MS} ms (${dir})\n` +
            `err.log:\n${await readLog(join(dir, "err.log"))}`,
        );
      }
      await sleep(50);
    }
  };

  // The ports are free when chosen but another process may take one before the server binds it:
  // then the server exits at once, and a second pair of ports is tried.
  for (let attempt = 1; ; attempt++) {
    const [http, tcp] = (await freePorts(2)) as [number, number];
    httpPort = http;
    await writeFile(join(dir, "config.xml"), configXml(dir, http, tcp));
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = null;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const done = exited(proc);
    proc.kill(sig);
    // A graceful shutdown that hangs must not hang the test run.
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await done;
    clearTimeout(timer);
  };

  const httpUrl = `http://127.0.0.1:${httpPort}`;
  return {
    httpUrl,
    httpPort,
    dir,
    storeUrl: (database) => `clickhouse://default:@127.0.0.1:${httpPort}/${database}`,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
    async restart() {
      await signal("SIGTERM");
      await launch();
    },
    async remove() {
      await signal("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
