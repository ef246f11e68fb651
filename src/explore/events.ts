import type { EventRecord } from "../model/event.js";
import type { QueryRunner } from "../store/port.js";
import { type EventsPageQuery, eventsPage } from "../store/queries/events-page.js";
import type { Drainable, ReadOptions } from "./read-options.js";

/** The stored events, for listings: newest first, a keyset page at a time. */
export class EventsExplorer {
  constructor(
    private readonly store: QueryRunner,
    private readonly pipeline: Drainable,
  ) {}

  async page(q: EventsPageQuery, opts: ReadOptions): Promise<EventRecord[]> {
    if (opts.fresh) await this.pipeline.drain();
    return this.store.run(eventsPage(q));
  }
}
