import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sseData } from "../../web/sse.js";

describe("sseData: a text/event-stream read in chunks", () => {
  test("yields each event's data once it is complete; heartbeats and other fields are skipped", () => {
    const buffer = {
      text: 'retry: 1000\n\nid: 1\nevent: snapshot\ndata: {"a":1}\n\n: heartbeat\n\nid: 2\nevent: snap',
    };
    assert.deepEqual([...sseData(buffer)], ['{"a":1}']);
    assert.equal(buffer.text, "id: 2\nevent: snap", "the unfinished event waits for its next chunk");
    buffer.text += 'shot\ndata: {"a":2}\n\n';
    assert.deepEqual([...sseData(buffer)], ['{"a":2}']);
    assert.equal(buffer.text, "");
  });

  test("several data lines are one value joined by newlines; 'data:' without a space keeps its text", () => {
    assert.deepEqual([...sseData({ text: "data: one\ndata:two\n\n" })], ["one\ntwo"]);
  });
});
