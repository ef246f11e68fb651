import { type TSchema, Type } from "@sinclair/typebox";
import { idString } from "../model/strings.js";
import { ScheduleInput } from "./schedule.js";

/** Schemas of the report schedules API's answers and of the delivery log's query. */

export const MAX_DELIVERIES_PAGE = 500;

const orNull = (s: TSchema) => Type.Union([s, Type.Null()]);
const when = Type.String({ format: "date-time" });
const p = ScheduleInput.properties;

export const ScheduleReply = Type.Object({
  id: Type.String(),
  name: Type.String(),
  cron: Type.String(),
  report_type: p.report_type,
  period: Type.Union([Type.Number(), Type.String()]),
  format: Type.String(),
  time_zone: Type.String(),
  recipients: Type.Object({
    emails: Type.Array(Type.String()),
    webhooks: Type.Array(Type.String()),
    directory: Type.Boolean(),
  }),
  enabled: Type.Boolean(),
  created_at: when,
  next_run_at: orNull(when),
});
export const SchedulesReply = Type.Object({ schedules: Type.Array(ScheduleReply) });

const DeliveryReply = Type.Object({
  channel: Type.Union([Type.Literal("email"), Type.Literal("webhook"), Type.Literal("directory")]),
  target: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Integer(),
  last_error: orNull(Type.String()),
  at: orNull(when),
});

export const RunReply = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  due_at: when,
  status: Type.Union([
    Type.Literal("running"),
    Type.Literal("delivered"),
    Type.Literal("partial"),
    Type.Literal("failed"),
  ]),
  manual: Type.Boolean(),
  started_at: when,
  updated_at: when,
  report: orNull(
    Type.Object({
      file_name: Type.String(),
      content_type: Type.String(),
      bytes: Type.Integer(),
      from: when,
      to: when,
    }),
  ),
  error: orNull(Type.String()),
  deliveries: Type.Array(DeliveryReply),
});
export const DeliveriesReply = Type.Object({ runs: Type.Array(RunReply) });

export const DeliveriesQuery = Type.Object(
  {
    schedule: Type.Optional(idString("Only this schedule's runs")),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_DELIVERIES_PAGE, default: 50, description: "Runs, newest first" }),
    ),
  },
  { additionalProperties: false },
);
