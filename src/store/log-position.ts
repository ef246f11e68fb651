/** A place in the durable log: the byte offset just past a record, in a numbered segment file. */
export interface LogPosition {
  segment: number;
  offset: number;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}

export function samePosition(a: LogPosition, b: LogPosition): boolean {
  return a.segment === b.segment && a.offset === b.offset;
}
