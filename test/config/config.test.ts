import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { limitsOf, loadConfig } from "../../src/config/config.js";
import { OPTIONS, UNSUPPORTED } from "../../src/config/options.js";
import { ConfigError, type FieldError } from "../../src/errors.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dte-config-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Runs `f`, expects a ConfigError, returns its field errors. */
function configErrors(f: () => unknown): FieldError[] {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.details;
  }
  return assert.fail("expected a ConfigError");
}

describe("loadConfig: defaults", () => {
  test("with nothing given every default applies, and adminKey and nodeName stay unset", () => {
    assert.deepEqual(loadConfig(), {
      port: 5000,
      host: "127.0.0.1",
      dataDirectory: "./data/analytics",
      storeUrl: "",
      trustProxy: "",
      sessionTimeoutMinutes: 30,
      retentionDays: 365,
      dedupeWindowHours: 24,
      batchSize: 10_000,
      processingInterval: 60,
      logLevel: "info",
      slowQueryMs: 500,
      duckdbMemoryLimitMb: 0,
      logSegmentBytes: 67_108_864,
      maxBacklogBytes: 2_147_483_648,
      bodyLimitBytes: 8_388_608,
      maxBatchEvents: 10_000,
      maxStringLength: 1024,
      maxTextLength: 16_384,
      maxDepth: 8,
      maxKeys: 200,
      anomalyThreshold: 2,
      anomalyBaselineHours: 168,
      retentionByType: {},
      ipAnonymisation: "off",
      backupIntervalHours: 0,
      backupKeep: 7,
      liveMetricsSource: "auto",
      liveStreamClients: 100,
      alertIntervalSeconds: 60,
      alertCooldownMinutes: 15,
      alertWebhookAttempts: 5,
      webhookTimeoutSeconds: 10,
      rateLimitPerMinute: 60_000,
      authFailureLimitPerMinute: 30,
      summaryCacheSeconds: 10,
      smtpPort: 587,
      smtpSecure: false,
      smtpFrom: "dte@localhost",
      reportDeliveryAttempts: 5,
      dashboardRefreshRate: 30,
    });
    assert.equal("adminKey" in loadConfig(), false);
    assert.equal("monthlyBudget" in loadConfig(), false);
  });

  test("limitsOf picks the input limits", () => {
    assert.deepEqual(limitsOf(loadConfig({ overrides: { maxDepth: 3 } })), {
      bodyLimitBytes: 8_388_608,
      maxBatchEvents: 10_000,
      maxStringLength: 1024,
      maxTextLength: 16_384,
      maxDepth: 3,
      maxKeys: 200,
    });
  });

  test("an environment without our variables changes nothing", () => {
    assert.deepEqual(loadConfig({ env: { PATH: "/bin", HOME: "/root" } }), loadConfig());
  });

  test("an empty environment variable counts as unset", () => {
    assert.equal(loadConfig({ env: { ANALYTICS_PORT: "" } }).port, 5000);
  });
});

describe("loadConfig: precedence file < env < overrides", () => {
  test("each source wins over the ones before it, setting by setting", async () => {
    const file = await configFile("precedence.json", {
      port: 6001,
      host: "0.0.0.0",
      nodeName: "from-file",
      maxKeys: 50,
    });
    const c = loadConfig({
      file,
      env: { ANALYTICS_PORT: "6002", ANALYTICS_NODE: "from-env" },
      overrides: { port: 6003 },
    });
    assert.equal(c.port, 6003);
    assert.equal(c.nodeName, "from-env");
    assert.equal(c.host, "0.0.0.0");
    assert.equal(c.maxKeys, 50);
    assert.equal(c.retentionDays, 365);
  });

  test("the environment overrides the file", async () => {
    const file = await configFile("env-over-file.json", { retentionDays: 10 });
    assert.equal(loadConfig({ file, env: { ANALYTICS_RETENTION_DAYS: "20" } }).retentionDays, 20);
    assert.equal(loadConfig({ file }).retentionDays, 10);
  });

  test("undefined overrides (flags not given) do not hide the environment", () => {
    assert.equal(loadConfig({ env: { ANALYTICS_PORT: "7000" }, overrides: { port: undefined } }).port, 7000);
  });

  test("numbers from the environment are parsed; text stays text", () => {
    const c = loadConfig({
      env: {
        ANALYTICS_SESSION_TIMEOUT_MINUTES: "0.5",
        ANALYTICS_MAX_BACKLOG_BYTES: "8192",
        ANALYTICS_STORE_URL: "duckdb:///tmp/x.duckdb",
        ANALYTICS_ADMIN_KEY: "0123456789abcdef",
        ANALYTICS_DATA_DIR: "/srv/analytics",
      },
    });
    assert.equal(c.sessionTimeoutMinutes, 0.5);
    assert.equal(c.maxBacklogBytes, 8192);
    assert.equal(c.storeUrl, "duckdb:///tmp/x.duckdb");
    assert.equal(c.adminKey, "0123456789abcdef");
    assert.equal(c.dataDirectory, "/srv/analytics");
  });

  test("every option's environment variable is read", () => {
    const values: Record<string, { raw: string; parsed: unknown }> = {
      port: { raw: "1234", parsed: 1234 },
      host: { raw: "::1", parsed: "::1" },
      dataDirectory: { raw: "/d", parsed: "/d" },
      storeUrl: { raw: "duckdb:///a.db", parsed: "duckdb:///a.db" },
      adminKey: { raw: "k".repeat(20), parsed: "k".repeat(20) },
      trustProxy: { raw: "10.0.0.0/8", parsed: "10.0.0.0/8" },
      nodeName: { raw: "n2", parsed: "n2" },
      sessionTimeoutMinutes: { raw: "45", parsed: 45 },
      retentionDays: { raw: "7", parsed: 7 },
      dedupeWindowHours: { raw: "1.5", parsed: 1.5 },
      batchSize: { raw: "500", parsed: 500 },
      processingInterval: { raw: "5", parsed: 5 },
      logLevel: { raw: "debug", parsed: "debug" },
      slowQueryMs: { raw: "250", parsed: 250 },
      duckdbMemoryLimitMb: { raw: "256", parsed: 256 },
      logSegmentBytes: { raw: "4096", parsed: 4096 },
      maxBacklogBytes: { raw: "65536", parsed: 65536 },
      bodyLimitBytes: { raw: "2048", parsed: 2048 },
      maxBatchEvents: { raw: "10", parsed: 10 },
      maxStringLength: { raw: "64", parsed: 64 },
      maxTextLength: { raw: "128", parsed: 128 },
      maxDepth: { raw: "2", parsed: 2 },
      maxKeys: { raw: "9", parsed: 9 },
      anomalyThreshold: { raw: "2.5", parsed: 2.5 },
      anomalyBaselineHours: { raw: "336", parsed: 336 },
      monthlyBudget: { raw: "250.5", parsed: 250.5 },
      retentionByType: { raw: '{"api_request":30,"error":90}', parsed: { api_request: 30, error: 90 } },
      ipAnonymisation: { raw: "truncate", parsed: "truncate" },
      ipHashKey: { raw: "an-ip-hash-key-0123", parsed: "an-ip-hash-key-0123" },
      backupDirectory: { raw: "/var/backups/dte", parsed: "/var/backups/dte" },
      backupIntervalHours: { raw: "6", parsed: 6 },
      backupKeep: { raw: "3", parsed: 3 },
      liveMetricsSource: { raw: "store", parsed: "store" },
      liveStreamClients: { raw: "3", parsed: 3 },
      alertIntervalSeconds: { raw: "30", parsed: 30 },
      alertCooldownMinutes: { raw: "60", parsed: 60 },
      alertWebhookAttempts: { raw: "3", parsed: 3 },
      webhookTimeoutSeconds: { raw: "2.5", parsed: 2.5 },
      rateLimitPerMinute: { raw: "0", parsed: 0 },
      authFailureLimitPerMinute: { raw: "5", parsed: 5 },
      summaryCacheSeconds: { raw: "0", parsed: 0 },
      smtpHost: { raw: "mail.example.com", parsed: "mail.example.com" },
      smtpPort: { raw: "465", parsed: 465 },
      smtpSecure: { raw: "true", parsed: true },
      smtpUser: { raw: "reports", parsed: "reports" },
      smtpPassword: { raw: "s3cret pass", parsed: "s3cret pass" },
      smtpFrom: { raw: "Analytics <reports@example.com>", parsed: "Analytics <reports@example.com>" },
      reportDeliveryAttempts: { raw: "3", parsed: 3 },
      dashboardRefreshRate: { raw: "15", parsed: 15 },
    };
    assert.deepEqual(Object.keys(values).sort(), Object.keys(OPTIONS).sort());
    const env = Object.fromEntries(
      Object.entries(OPTIONS).map(([k, o]) => [o.env, (values[k] as { raw: string }).raw]),
    );
    const c = loadConfig({ env }) as Record<string, unknown>;
    for (const [k, v] of Object.entries(values)) assert.deepEqual(c[k], v.parsed, k);
  });
});

describe("loadConfig: snake_case keys", () => {
  test("a file with the first version's snake_case keys is accepted", async () => {
    const file = await configFile("snake.json", {
      batch_size: 250,
      processing_interval: 30,
      retention_days: 90,
      data_directory: "/var/lib/dte",
      session_timeout_minutes: 15,
    });
    const c = loadConfig({ file });
    assert.equal(c.batchSize, 250);
    assert.equal(c.processingInterval, 30);
    assert.equal(c.retentionDays, 90);
    assert.equal(c.dataDirectory, "/var/lib/dte");
    assert.equal(c.sessionTimeoutMinutes, 15);
  });

  test("overrides may be snake_case too", () => {
    assert.equal(loadConfig({ overrides: { max_batch_events: 3 } }).maxBatchEvents, 3);
  });
});

describe("loadConfig: the first version's anomaly_threshold is a real setting now", () => {
  test("snake_case from a file, validated: above 0", async () => {
    const file = await configFile("anomaly.json", { anomaly_threshold: 3 });
    assert.equal(loadConfig({ file }).anomalyThreshold, 3);
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { anomalyThreshold: 0, anomalyBaselineHours: 9 } })),
      [
        { field: "anomalyThreshold", message: "must be > 0" },
        { field: "anomalyBaselineHours", message: "must be >= 10" },
      ],
    );
  });
});

describe("loadConfig: invalid values are rejected with their field names", () => {
  test("out of range and wrong type values in overrides", () => {
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { port: 70000, host: "", batch_size: 0, adminKey: "short" } })),
      [
        { field: "port", message: "must be <= 65535" },
        { field: "host", message: "must NOT have fewer than 1 characters" },
        { field: "adminKey", message: "must NOT have fewer than 16 characters" },
        { field: "batchSize", message: "must be >= 1" },
      ],
    );
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { retentionDays: 1.5, maxDepth: "3" } })),
      [
        { field: "retentionDays", message: "must be integer" },
        { field: "maxDepth", message: "must be integer" },
      ],
    );
  });

  test("non-numeric text in a numeric environment variable", () => {
    assert.deepEqual(
      configErrors(() => loadConfig({ env: { ANALYTICS_PORT: "abc" } })),
      [{ field: "port", message: "must be integer" }],
    );
    assert.deepEqual(
      configErrors(() => loadConfig({ env: { ANALYTICS_SESSION_TIMEOUT_MINUTES: "0", ANALYTICS_BATCH_SIZE: "1e6" } })),
      [
        { field: "sessionTimeoutMinutes", message: "must be > 0" },
        { field: "batchSize", message: "must be <= 100000" },
      ],
    );
  });

  test("limits below their minimums", () => {
    assert.deepEqual(
      configErrors(() =>
        loadConfig({
          overrides: { logSegmentBytes: 100, maxStringLength: 15, bodyLimitBytes: 1023, nodeName: "n".repeat(65) },
        }),
      ),
      [
        { field: "nodeName", message: "must NOT have more than 64 characters" },
        { field: "logSegmentBytes", message: "must be >= 4096" },
        { field: "bodyLimitBytes", message: "must be >= 1024" },
        { field: "maxStringLength", message: "must be >= 16" },
      ],
    );
  });

  test("the error message lists each field", () => {
    assert.throws(
      () => loadConfig({ overrides: { port: -1 } }),
      (err: unknown) => err instanceof ConfigError && err.message === "Invalid configuration: port must be >= 0",
    );
  });

  test("unknown keys are rejected as unknown settings, from any source", async () => {
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { colour: "red" } })),
      [{ field: "colour", message: "is not a known setting" }],
    );
    const file = await configFile("unknown.json", { port: 5000, log_colour: "red" });
    assert.deepEqual(
      configErrors(() => loadConfig({ file })),
      [{ field: "logColour", message: "is not a known setting" }],
    );
  });

  test("the first version's dashboard_refresh_rate is accepted now: seconds, 1 to 3600", async () => {
    assert.deepEqual(UNSUPPORTED, {});
    const file = await configFile("refresh.json", { dashboard_refresh_rate: 3 });
    assert.equal(loadConfig({ file }).dashboardRefreshRate, 3);
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { dashboard_refresh_rate: 0 } })).map((e) => e.field),
      ["dashboardRefreshRate"],
    );
  });

  test("the first version's backup_directory is accepted now", async () => {
    const file = await configFile("backups.json", { backup_directory: "/backups" });
    assert.equal(loadConfig({ file }).backupDirectory, "/backups");
  });

  test("retentionByType: known event types only, whole days of at least 1; from the environment as JSON", () => {
    assert.deepEqual(
      configErrors(() => loadConfig({ overrides: { retentionByType: { api_request: 0, error: 1.5, page_view: 3 } } })),
      [
        { field: "retentionByType.page_view", message: "is not a known field" },
        { field: "retentionByType.api_request", message: "must be >= 1" },
        { field: "retentionByType.error", message: "must be integer" },
      ],
    );
    assert.deepEqual(
      configErrors(() => loadConfig({ env: { ANALYTICS_RETENTION_BY_TYPE: "{api_request: 3}" } })).map((e) => e.field),
      ["retentionByType"],
    );
  });
});

describe("loadConfig: config files", () => {
  test("a missing file is a ConfigError naming the file", () => {
    const missing = join(dir, "nope.json");
    assert.throws(
      () => loadConfig({ file: missing }),
      (err: unknown) =>
        err instanceof ConfigError && err.message.startsWith(`Cannot read config file ${missing}: ENOENT`),
    );
  });

  test("a file that is not JSON is a ConfigError", async () => {
    const file = await configFile("broken.json", "{ port: 5000");
    assert.throws(
      () => loadConfig({ file }),
      (err: unknown) => err instanceof ConfigError && err.message.startsWith(`Cannot read config file ${file}:`),
    );
  });

  test("a file that holds null, a list or a bare value is a ConfigError", async () => {
    for (const [name, content] of [
      ["null.json", "null"],
      ["list.json", "[1, 2]"],
      ["number.json", "42"],
    ] as const) {
      const file = await configFile(name, content);
      assert.throws(
        () => loadConfig({ file }),
        (err: unknown) =>
          err instanceof ConfigError && err.message === `Config file ${file} must hold a JSON object of settings`,
        name,
      );
    }
  });
});
