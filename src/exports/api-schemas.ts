import { type Static, Type } from "@sinclair/typebox";
import { METRIC_NAMES } from "../insights/series.js";
import { EventTypeSchema } from "../model/event-types.js";
import { PeriodQuery } from "../model/period.js";
import { SessionStatusSchema } from "../model/session-status.js";
import { idString } from "../model/strings.js";
import { FORMAT_NAMES } from "./formats/index.js";

export const EXPORT_TYPES = ["events", "sessions", "kpis", "timeseries"] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

export const ExportParams = Type.Object({
  type: literals(EXPORT_TYPES, `What to export: ${EXPORT_TYPES.join(", ")}`),
});

/** The export's options: the shared period (not `compare`), the format, and each type's own filters. */
export const ExportQuery = Type.Composite(
  [
    Type.Omit(PeriodQuery, ["compare"]),
    Type.Object({
      format: Type.Optional(literals(FORMAT_NAMES, `${FORMAT_NAMES.join(", ")} (default json)`)),
      metadata: Type.Optional(
        Type.Boolean({ description: 'json only: wrap the rows as {"metadata": {...}, "rows": [...]}' }),
      ),
      event_type: Type.Optional(EventTypeSchema),
      user_id: Type.Optional(idString()),
      session_id: Type.Optional(idString()),
      status: Type.Optional(SessionStatusSchema),
      metric: Type.Optional(literals(METRIC_NAMES, "timeseries: the metric series (required)")),
      interval: Type.Optional(literals(["hour", "day"], "timeseries: bucket size (default hour)")),
    }),
  ],
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;
