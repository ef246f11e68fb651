// The web dashboard in a real browser (Debian's chromium through playwright-core) against a real
// `dte-analytics serve` over a store filled by `dte-analytics demo`. Also saves the screenshots in
// docs/screenshots/ that the README shows.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { WEB_ROOT } from "../../src/server/routes/web.js";
import { chromiumBinary } from "../helpers/browser.js";
import { type CliServer, startCliServer } from "../helpers/cli-server.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/test-app.js";

const ADMIN = "e2e-admin-key-0123456789abcdef";
const API = "/api/analytics";
const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const BUILTINS = ["executive", "technical", "cognitive", "user_behavior"];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const SCRIPT_PAYLOAD = "<script>window.__xss='script'</script>";
const IMG_PAYLOAD = "<img src=x onerror=\"window.__xss='img'\">";

/**
 * Where to click a chart's first colour (a bar, a slice): a pixel of the widget's canvas painted with
 * --series-1 whose neighbours are too (inside the shape, not its anti-aliased edge), left of the
 * canvas's middle when `leftHalf` (a doughnut's legend is on the right).
 */
async function pointOnColour(page: Page, title: string, leftHalf: boolean): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ({ title, leftHalf }) => {
      const widget = [...document.querySelectorAll(".widget")].find(
        (w) => w.querySelector("h2")?.textContent === title,
      );
      const canvas = widget?.querySelector("canvas");
      if (!canvas) return null;
      const { width, height } = canvas;
      const data = (canvas.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, width, height).data;
      const hex = getComputedStyle(document.documentElement).getPropertyValue("--series-1").trim();
      const rgb = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const maxX = leftHalf ? width / 2 : width - 4;
      for (let y = 4; y < height - 4; y += 2)
        for (let x = 4; x < maxX; x += 2)
          // No named helper in here: the page gets this function's text, without tsx's name-keeping helper.
          if (
            [-3, 0, 3].every((dx) =>
              [-3, 0, 3].every((dy) => {
                const i = ((y + dy) * width + x + dx) * 4;
                return data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2];
              }),
            )
          ) {
            const rect = canvas.getBoundingClientRect();
            return { x: rect.left + (x * rect.width) / width, y: rect.top + (y * rect.height) / height };
          }
      return null;
    },
    { title, leftHalf },
  );
  assert.ok(point, `no ${title} shape to click`);
  return point;
}

describe("the web dashboard in chromium", () => {
  const cleanup: Array<() => Promise<void>> = [];
  let server: CliServer;
  let browser: Browser;
  let readKey: string;

  const api = async (path: string, init: { method?: string; body?: unknown; key?: string } = {}) => {
    const res = await fetch(`${server.url}${API}${path}`, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${init.key ?? ADMIN}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };

  /** A page at `size` that fails the test on any dialog (an injected script would open none, but alert() is how XSS shows). */
  const openPage = async (size = DESKTOP): Promise<{ page: Page; problems: string[] }> => {
    const context = await browser.newContext({ viewport: size, locale: "en-US", timezoneId: "UTC" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("dialog", (d) => {
      if (d.type() !== "confirm") problems.push(`dialog: ${d.message()}`);
      void d.accept();
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    cleanup.push(() => context.close());
    return { page, problems };
  };

  /** Logs in through the #key link and waits for the dashboard's widgets. */
  const openDashboard = async (page: Page, query: string, key = ADMIN) => {
    await page.goto(`${server.url}/dashboard?${query}#key=${key}`);
    await page.locator(".widget").first().waitFor();
    await page.locator(".view-status").filter({ hasText: "newest event" }).waitFor();
  };

  before(async () => {
    const binary = chromiumBinary();
    assert.ok(binary, "chromium is not installed (scripts/install-test-deps.sh installs it)");
    assert.ok(existsSync(join(WEB_ROOT, "index.html")), `no ${WEB_ROOT}index.html: run npm run build first`);
    const d = await tempDir();
    cleanup.push(d.remove);
    const filled = await runCli(["demo", "--data-dir", d.dir, "--users", "30"]);
    assert.equal(filled.code, 0, filled.stderr);
    server = await startCliServer(["--data-dir", d.dir], { ANALYTICS_ADMIN_KEY: ADMIN });
    cleanup.push(() => server.kill());
    readKey = (await api("/keys", { method: "POST", body: { name: "e2e read", scopes: ["read"] } })).body.key;
    browser = await chromium.launch({ executablePath: binary, args: ["--no-sandbox"] });
    cleanup.push(() => browser.close());
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  test("the form logs in with a read key; the executive dashboard shows the API's figures", async () => {
    const { page, problems } = await openPage();
    // A fixed period, so that the page and the API below count the same events.
    const to = new Date().toISOString();
    const from = new Date(Date.parse(to) - 48 * 3_600_000).toISOString();
    const period = `from=${from}&to=${to}`;
    await page.goto(`${server.url}/dashboard?dashboard=executive&${period}`);
    await page.fill("#key", "not-a-key");
    await page.click("button[type=submit]");
    await page.locator(".login-status").filter({ hasText: "Not logged in" }).waitFor();
    await page.fill("#key", readKey);
    await page.click("button[type=submit]");
    await page.locator(".widget").first().waitFor();
    const answer = (await api(`/dashboard/executive?${period}&compare=previous`, { key: readKey })).body;
    assert.deepEqual(
      await page.locator(".widget h2").allTextContents(),
      answer.layout.map((w: { title: string }) => w.title),
    );
    // The counting tiles show the API's values (en-US formatting, the page's locale here).
    const counted = (answer.layout as Array<{ widget_id: string }>).filter((w) =>
      ["events", "users"].includes(answer.widgets[w.widget_id].unit),
    );
    assert.ok(counted.length >= 2, "the executive dashboard has its events and users tiles");
    for (const w of counted) {
      const data = answer.widgets[w.widget_id];
      if (data.kind !== "number") continue;
      const shown = await page.locator(`[data-widget="${w.widget_id}"] .big-number`).textContent();
      assert.equal(shown, `${data.value.toLocaleString("en-US")} ${data.unit}`, w.widget_id);
    }
    assert.deepEqual(problems, []);
  });

  test("a #key link logs in; the key leaves the address bar at once and never reaches the server", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=executive&hours=24");
    assert.equal(new URL(page.url()).hash, "");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("dte.key")), ADMIN);
    const requests = server
      .stderr()
      .split("\n")
      .filter((l) => l.includes('"msg":"request"'));
    assert.ok(
      requests.some((l) => l.includes('"/dashboard?dashboard=executive&hours=24"')),
      "the page's request is logged",
    );
    assert.ok(!server.stderr().includes(ADMIN), "the key is in no log line");
    assert.ok(!server.stderr().includes("key="), "no fragment in any log line");
    assert.deepEqual(problems, []);
  });

  test("dashboards and date ranges switch (keys 1–4), the URL keeps the view; screenshots at desktop and phone width", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=executive&hours=24");
    for (const id of BUILTINS) {
      const loaded = page.waitForResponse((r) => r.url().includes(`${API}/dashboard/${id}?`) && r.status() === 200);
      await page.selectOption("select[name=dashboard]", id);
      await loaded;
      await page.locator(".view-status").filter({ hasText: "newest event" }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get("dashboard"), id);
      await page.screenshot({ path: join(SCREENSHOTS, `${id}-desktop.png`), fullPage: true });
    }
    const week = page.waitForResponse((r) => r.url().includes("hours=168"));
    await page.keyboard.press("3");
    await week;
    assert.equal(new URL(page.url()).searchParams.get("hours"), "168");
    assert.equal(await page.locator(".range button.active").textContent(), "7 d");
    const hour = page.waitForResponse((r) => r.url().includes("hours=1&"));
    await page.keyboard.press("1");
    await hour;
    // The shared link opens the same view.
    const shared = page.url();
    const { page: other } = await openPage(PHONE);
    await openDashboard(other, new URL(shared).search.slice(1));
    assert.equal(await other.locator("select[name=dashboard]").inputValue(), "user_behavior");
    assert.equal(await other.locator(".range button.active").textContent(), "1 h");
    for (const id of BUILTINS) {
      await openDashboard(other, `dashboard=${id}&hours=24`);
      await other.screenshot({ path: join(SCREENSHOTS, `${id}-phone.png`), fullPage: true });
    }
    assert.deepEqual(problems, []);
  });

  test("clicking a table row shows its events (paged, with their JSON) and narrows the page", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=cognitive&hours=24");
    const row = page.locator(".widget table tbody tr").first();
    const key = (await row.locator("td.key").textContent()) as string;
    await row.click();
    const panel = page.locator(".drilldown");
    await panel.locator(".note").filter({ hasText: "events shown" }).waitFor();
    const url = new URL(page.url());
    const narrowed = [...url.searchParams.entries()].find(([k, v]) => k !== "dashboard" && v === key);
    assert.ok(narrowed, `the page is narrowed by ${key}: ${url.search}`);
    await panel.locator("tbody tr.clickable").first().click();
    const json = JSON.parse((await panel.locator(".event-json").first().textContent()) as string);
    assert.equal(json.data[narrowed[0]], key);
    await page.keyboard.press("Escape");
    assert.equal(await panel.count(), 0);
    assert.deepEqual(problems, []);
  });

  test("clicking a slice shows its group's events; clicking a bar shows its bucket's", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=technical&hours=24");
    const slice = await pointOnColour(page, "Status classes", true);
    await page.mouse.click(slice.x, slice.y);
    const panel = page.locator(".drilldown");
    await panel.locator(".note").filter({ hasText: "events shown" }).waitFor();
    const filters = await panel.locator(".drill-filters li").allTextContents();
    const status = filters.find((f) => f.startsWith("status_class"));
    assert.match(status ?? "", /^status_class = [2-5]xx$/, filters.join("; "));
    await panel.locator("tbody tr.clickable").first().click();
    const run = JSON.parse((await panel.locator(".event-json").first().textContent()) as string);
    assert.equal(`${String(run.data.status_code)[0]}xx`, status?.slice(-3));
    await page.keyboard.press("Escape");

    await openDashboard(page, "dashboard=executive&hours=24");
    const bar = await pointOnColour(page, "Events per hour", false);
    await page.mouse.click(bar.x, bar.y);
    await panel.locator(".note").filter({ hasText: "events shown" }).waitFor();
    const span = Object.fromEntries(
      (await panel.locator(".drill-filters li").allTextContents()).map((f) => f.split(" = ") as [string, string]),
    );
    const from = Date.parse(span.from as string);
    const to = Date.parse(span.to as string);
    assert.equal(to - from, 3_600_000, "one hour's bucket");
    assert.equal(new Date(from).getUTCMinutes(), 0);
    const times = await panel.locator("tbody tr.clickable td:first-child").allTextContents();
    assert.ok(times.length > 0, "the bar's hour has events");
    for (const cell of times) {
      const t = Date.parse(`${cell} UTC`);
      assert.ok(t >= from && t < to, `${cell} in [${span.from}, ${span.to})`);
    }
    assert.deepEqual(problems, []);
  });

  test("a custom dashboard: create it with a widget, delete the widget, delete the dashboard; a read key is told it cannot", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=executive&hours=24");
    await page.click("text=New dashboard");
    await page.fill("input[name=id]", "e2e-custom");
    await page.fill("input[name=name]", "E2E custom");
    await page.click("text=Add widget");
    await page.fill(".widget-form input[name=title]", "Errors per hour");
    await page.click("text=Save dashboard");
    await page.locator(".widget h2", { hasText: "Errors per hour" }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("dashboard"), "e2e-custom");
    const stored = (await api("/dashboard/e2e-custom/definition")).body;
    assert.deepEqual(
      stored.widgets.map((w: { title: string; configuration: unknown }) => [w.title, w.configuration]),
      [["Errors per hour", { measure: { fn: "count" }, chart: "line", interval: "1h" }]],
    );

    await page.click("text=Edit dashboard");
    await page.click("text=Delete widget");
    await page.click("text=Save dashboard");
    await page.locator(".empty", { hasText: "no widgets yet" }).waitFor();
    assert.deepEqual((await api("/dashboard/e2e-custom/definition")).body.widgets, []);

    const { page: reader } = await openPage();
    await openDashboard(reader, "dashboard=executive&hours=24", readKey);
    await reader.click("text=New dashboard");
    await reader.fill("input[name=id]", "e2e-read");
    await reader.fill("input[name=name]", "Not allowed");
    await reader.click("text=Save dashboard");
    await reader.locator(".editor-status", { hasText: "read-only" }).waitFor();

    await page.click("text=Edit dashboard");
    await page.click("text=Delete dashboard");
    await page.locator("select[name=dashboard]").filter({ hasNotText: "E2E custom" }).waitFor();
    assert.equal((await api("/dashboard/e2e-custom")).status, 404);
    assert.deepEqual(problems, []);
  });

  test("the reports are formatted pages in a frame that runs no script, over the page's period", async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server.url}/dashboard?view=reports&report=technical_report&hours=168#key=${readKey}`);
    const frame = page.frameLocator("iframe.report-frame");
    await frame.locator("h1", { hasText: "Technical report" }).waitFor();
    assert.equal(await page.locator("iframe.report-frame").getAttribute("sandbox"), "allow-same-origin");
    assert.match((await frame.locator(".subtitle").textContent()) as string, /\(168 h,/);
    await page.selectOption("select[name=report]", "user_behavior");
    await frame.locator("h1", { hasText: "User behaviour" }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("report"), "user_behavior");
    assert.deepEqual(problems, []);
  });

  test("a live tile changes after events are posted", async () => {
    const { page, problems } = await openPage();
    await openDashboard(page, "dashboard=executive&hours=24");
    const tile = page.locator('[data-live="total-events"]');
    await page.locator(".live.connected").waitFor();
    const count = async () => Number(((await tile.textContent()) as string).replaceAll(",", ""));
    const before = await count();
    const events = Array.from({ length: 7 }, (_, i) => ({
      event_type: "user_action",
      action: `live-${i}`,
      user_id: "live",
    }));
    assert.equal((await api("/track/batch", { method: "POST", body: { events } })).status, 201);
    await page.waitForFunction(
      (expected) => document.querySelector('[data-live="total-events"]')?.textContent === expected,
      (before + 7).toLocaleString("en-US"),
    );
    assert.equal(await count(), before + 7);
    assert.deepEqual(problems, []);
  });

  test("<script> and <img onerror> sent as error_type and membrane_type are shown as text", async () => {
    const events = [
      { event_type: "error", error_type: SCRIPT_PAYLOAD, error_message: "x" },
      { event_type: "error", error_type: IMG_PAYLOAD, error_message: "x" },
      ...[SCRIPT_PAYLOAD, IMG_PAYLOAD].map((membrane_type) => ({
        event_type: "cognitive_process",
        membrane_type,
        model: IMG_PAYLOAD,
        processing_time: 10,
        input_tokens: 1,
        output_tokens: 1,
        success: true,
      })),
    ];
    assert.equal((await api("/track/batch", { method: "POST", body: { events } })).status, 201);
    const { page, problems } = await openPage();
    for (const id of ["technical", "cognitive"]) {
      await openDashboard(page, `dashboard=${id}&hours=1`);
      const cells = await page.locator("td.key").allTextContents();
      assert.ok(cells.includes(SCRIPT_PAYLOAD) && cells.includes(IMG_PAYLOAD), `${id}: ${cells.join(" | ")}`);
    }
    // The two runs of the payload "model" have no cost and no price: marked, not counted as $0.
    const byModel = page.locator(".widget", { hasText: "by model" }).locator("tr", { hasText: IMG_PAYLOAD });
    assert.deepEqual(await byModel.locator("td").allTextContents(), [
      IMG_PAYLOAD,
      "—",
      "—",
      "2 unpriced runs (0 % priced)",
    ]);
    await page.locator("td.key", { hasText: IMG_PAYLOAD }).first().click();
    await page.locator(".drilldown .note").filter({ hasText: "events shown" }).waitFor();
    assert.equal(await page.evaluate(() => document.querySelectorAll("img, body script").length), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), undefined);
    assert.deepEqual(problems, []);
  });
});
