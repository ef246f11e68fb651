import type { Store } from "../../src/store/port.js";
import type { Query } from "../../src/store/query.js";

/**
 * Makes the store's streams fail after `rows` rows, as a store that goes away mid-export would;
 * answers the function that puts the real `stream` back.
 */
export function failStreamsAfter(store: Store, rows: number, message: string): () => void {
  const stream = store.stream.bind(store);
  store.stream = <R>(q: Query<R>) =>
    (async function* () {
      let n = 0;
      for await (const row of stream(q)) {
        if (++n > rows) throw new Error(message);
        yield row;
      }
    })();
  return () => {
    store.stream = stream;
  };
}
