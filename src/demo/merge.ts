import type { DraftEvent } from "./plan.js";

interface Head {
  event: DraftEvent;
  /** Position of the stream: breaks ties in time, so the merged order is deterministic. */
  order: number;
  rest: Iterator<DraftEvent>;
}

const before = (a: Head, b: Head) =>
  a.event.timestamp < b.event.timestamp || (a.event.timestamp === b.event.timestamp && a.order < b.order);

/**
 * Merges streams that are each in time order into one stream in time order (a binary min-heap of
 * their heads), holding one event per stream rather than the whole day in memory.
 */
export function* mergeByTime(streams: Iterable<Iterable<DraftEvent>>): Generator<DraftEvent> {
  const heap: Head[] = [];
  let order = 0;
  for (const stream of streams) {
    const rest = stream[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) push(heap, { event: first.value, order, rest });
    order++;
  }
  while (heap.length) {
    const top = heap[0] as Head;
    yield top.event;
    const next = top.rest.next();
    if (next.done) {
      const last = heap.pop() as Head;
      if (heap.length) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else {
      top.event = next.value;
      siftDown(heap, 0);
    }
  }
}

function push(heap: Head[], h: Head): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Head, heap[parent] as Head)) break;
    [heap[i], heap[parent]] = [heap[parent] as Head, heap[i] as Head];
    i = parent;
  }
}

function siftDown(heap: Head[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l] as Head, heap[m] as Head)) m = l;
    if (r < heap.length && before(heap[r] as Head, heap[m] as Head)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m] as Head, heap[i] as Head];
    i = m;
  }
}
