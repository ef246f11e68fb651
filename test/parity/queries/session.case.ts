import assert from "node:assert/strict";
import type { SessionAggregate } from "../../../src/store/queries/parts/session-columns.js";
import { session } from "../../../src/store/queries/session.js";
import { oracleSession, SESSIONS } from "../fixture.js";
import type { QueryCase } from "./case.js";

export const cases: QueryCase[] = [
  {
    title: "every session of the fixture, and one that does not exist",
    async run(same, events) {
      for (let s = 0; s < SESSIONS; s++) {
        const id = `sess-${String(s).padStart(2, "0")}`;
        const expected = oracleSession([...events], id);
        await same(id, session(id), expected ? [expected] : []);
      }
      await same("none", session("sess-99"), []);
      // sess-03 has no session_start (so no IP or user agent) but was ended: its end is its last activity.
      const [s3] = await same("sess-03", session("sess-03"), [
        oracleSession([...events], "sess-03") as SessionAggregate,
      ]);
      assert.deepEqual(
        [s3?.start_time, s3?.ended_at, s3?.ip_address, s3?.events_count, s3?.cognitive_processes, s3?.api_calls],
        [Date.parse("2026-02-01T00:11:53Z"), Date.parse("2026-02-01T00:18:12Z"), null, 12, 6, 2],
      );
    },
  },
];
