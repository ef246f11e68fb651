import type { Filter } from "../../sql/filter.js";

/** Keyset cursor for newest-first listings: the sort key of the last row already returned. */
export interface Cursor {
  at: number;
  id: string;
}

/** Rows strictly after the cursor in newest-first order (`at` descending, then `id` descending). */
export function afterCursor(c: Cursor, at: string, id: string): Filter {
  return {
    or: [
      { field: at, op: "lt", value: c.at },
      {
        and: [
          { field: at, op: "eq", value: c.at },
          { field: id, op: "lt", value: c.id },
        ],
      },
    ],
  };
}
