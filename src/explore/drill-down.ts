import { allOf, type Filter } from "../store/sql/filter.js";

/** HTTP status classes, as dashboards group responses and the events listing filters them. */
export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Events whose status_code falls in the class: `5xx` is [500, 600). */
export function statusClassFilter(c: StatusClass): Filter {
  const low = Number(c[0]) * 100;
  return {
    and: [
      { field: "status_code", op: "gte", value: low },
      { field: "status_code", op: "lt", value: low + 100 },
    ],
  };
}

/** The values a dashboard's click narrows the events listing by (each optional). */
export interface DrillDown {
  endpoint?: string;
  membrane_type?: string;
  model?: string;
  status_class?: StatusClass;
  error_type?: string;
}

const FIELDS = ["endpoint", "membrane_type", "model", "error_type"] as const;

/** The drill-down values as one filter; undefined when none is given. */
export function drillDownFilter(q: DrillDown): Filter | undefined {
  const parts: Filter[] = FIELDS.flatMap((f) => {
    const value = q[f];
    return value === undefined ? [] : [{ field: f, op: "eq", value } as Filter];
  });
  if (q.status_class !== undefined) parts.push(statusClassFilter(q.status_class));
  return parts.length ? allOf(...parts) : undefined;
}
