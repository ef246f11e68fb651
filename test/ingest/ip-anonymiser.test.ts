import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { hashIp, IP_HASH_KEY_FILE, ipAnonymiser, truncateIp } from "../../src/ingest/ip-anonymiser.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { tempDir, testApp } from "../helpers/test-app.js";

const KEY = "ip-hash-key-0123456789";

describe("truncateIp", () => {
  test("IPv4 to /24, IPv6 to /48, IPv4-mapped as IPv4; not an address: not stored", () => {
    const cases: Array<[string, string | null]> = [
      ["203.0.113.77", "203.0.113.0"],
      ["10.0.0.1", "10.0.0.0"],
      ["2001:db8:abcd:12::1", "2001:db8:abcd::"],
      ["2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::"],
      ["::1", "::"],
      ["fe80::1%eth0", "fe80::"],
      ["::ffff:192.0.2.33", "::ffff:192.0.2.0"],
      ["not-an-ip", null],
      ["", null],
    ];
    for (const [ip, want] of cases) assert.equal(truncateIp(ip), want, ip);
  });
});

describe("hashIp", () => {
  test("keyed HMAC-SHA256, hex: pinned value; another key, another value", () => {
    assert.equal(
      hashIp("203.0.113.77", "k".repeat(16)),
      "beb9271c721c09dd0b209d1a0d8e22175c7923ed7d78b5a28a0aeedf784982c7",
    );
    assert.notEqual(hashIp("203.0.113.77", "j".repeat(16)), hashIp("203.0.113.77", "k".repeat(16)));
  });
});

describe("ipAnonymiser", () => {
  test("off: none; hash without a key: one generated once into the data directory, 0600, reused", async () => {
    const dir = await tempDir();
    try {
      assert.equal(await ipAnonymiser({ ipAnonymisation: "off", dataDirectory: dir.dir }), null);
      const first = await ipAnonymiser({ ipAnonymisation: "hash", dataDirectory: dir.dir });
      const again = await ipAnonymiser({ ipAnonymisation: "hash", dataDirectory: dir.dir });
      assert.equal((await stat(join(dir.dir, IP_HASH_KEY_FILE))).mode & 0o777, 0o600);
      assert.equal(first?.("198.51.100.7"), again?.("198.51.100.7"));
      assert.match(first?.("198.51.100.7") ?? "", /^[0-9a-f]{64}$/);
      const keyed = await ipAnonymiser({ ipAnonymisation: "hash", ipHashKey: KEY, dataDirectory: dir.dir });
      assert.equal(keyed?.("198.51.100.7"), hashIp("198.51.100.7", KEY));
    } finally {
      await dir.remove();
    }
  });
});

describe("IP anonymisation at ingestion", () => {
  test("truncate: api_request and session_start store the /24, over HTTP and through the library", async () => {
    const t = await testApp({ ipAnonymisation: "truncate" });
    try {
      await t.service.trackApiRequest({
        eventId: "r1",
        endpoint: "/x",
        method: "GET",
        statusCode: 200,
        responseTime: 1,
        ipAddress: "203.0.113.77",
      });
      const res = await t.call({
        method: "POST",
        url: "/api/analytics/session/start",
        payload: { user_id: "u" },
        headers: { "x-forwarded-for": "198.51.100.20" },
      });
      assert.equal(res.statusCode, 201);
      await t.service.startUserSession({ userId: "v", ipAddress: "2001:db8:abcd:12::1" });
      await t.service.pipeline.drain();
      const ips = (await t.service.store.run(eventsPage({ limit: 10 }))).map((e) => [e.event_type, e.data.ip_address]);
      assert.deepEqual(ips.sort(), [
        ["api_request", "203.0.113.0"],
        ["session_start", "127.0.0.0"],
        ["session_start", "2001:db8:abcd::"],
      ]);
    } finally {
      await t.close();
    }
  });

  test("hash: the stored value is the keyed hash; the address itself is in no file of the data directory", async () => {
    const t = await testApp({ ipAnonymisation: "hash", ipHashKey: KEY });
    try {
      await t.service.startUserSession({ userId: "w", ipAddress: "192.0.2.55" });
      await t.service.pipeline.drain();
      const [e] = await t.service.store.run(eventsPage({ limit: 1 }));
      assert.equal(e?.data.ip_address, hashIp("192.0.2.55", KEY));
      await t.service.stop();
      for (const f of await readdir(t.dir, { recursive: true, withFileTypes: true })) {
        if (!f.isFile()) continue;
        const bytes = await readFile(join(f.parentPath, f.name));
        assert.ok(!bytes.includes("192.0.2.55"), `${f.name} holds the address`);
      }
    } finally {
      await t.close();
    }
  });
});
