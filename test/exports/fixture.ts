/** Events for export tests: awkward text, nested data, keys XML cannot take as names, over one hour. */

export const T0 = Date.UTC(2026, 9, 2, 9, 0, 0);
const MIN = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const PERIOD = { from: iso(T0), to: iso(T0 + 60 * MIN) };

export interface FixtureEvent {
  event_type: string;
  event_id: string;
  timestamp: number;
  user_id?: string;
  session_id?: string;
  [field: string]: unknown;
}

export function exportFixture(): FixtureEvent[] {
  return [
    {
      event_type: "session_start",
      event_id: "s1-start",
      session_id: "s1",
      user_id: "u1",
      timestamp: T0,
      ip_address: "10.0.0.1",
      user_agent: "agent",
    },
    {
      event_type: "user_action",
      event_id: "a1",
      session_id: "s1",
      user_id: "u1",
      timestamp: T0 + MIN,
      action: 'comma, "quote"\nnew line',
      details: { "1st place": "gold", "a b": [1, "two", null], xmlns: { deep: true } },
    },
    {
      event_type: "user_action",
      event_id: "a2",
      session_id: "s1",
      user_id: "u1",
      timestamp: T0 + 2 * MIN,
      action: "ünïcødé 日本 🎉",
    },
    {
      event_type: "api_request",
      event_id: "r1",
      session_id: "s1",
      user_id: "u1",
      timestamp: T0 + 3 * MIN,
      endpoint: "/x?a=1&b=<2>",
      method: "GET",
      status_code: 200,
      response_time: 12.5,
    },
    {
      event_type: "api_request",
      event_id: "r2",
      user_id: "u2",
      timestamp: T0 + 30 * MIN,
      endpoint: "/y",
      method: "POST",
      status_code: 503,
      response_time: 250,
    },
    {
      event_type: "session_end",
      event_id: "s1-end",
      session_id: "s1",
      user_id: "u1",
      timestamp: T0 + 10 * MIN,
    },
  ];
}
