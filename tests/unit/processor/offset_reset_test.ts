import assert from "node:assert/strict";
import {
  alreadyWritten,
  findDivergences,
  isCut,
  noteEvent,
  replayAfterChange,
  replayOver,
} from "../../../services/processor/offset_reset.ts";

const MINUTE = 60_000;

Deno.test("findDivergences() names the topics whose committed offset is not the changelog's", () => {
  assert.deepEqual(findDivergences([5, 7, 9], [5, 0, null]), [
    { topicIndex: 1, changelog: 7, committed: 0 },
  ]);
  assert.deepEqual(findDivergences([5, 7], [5, 7]), []);
});

Deno.test("a reset to the earliest replays without writing twice and cuts nothing", () => {
  const { positions, replay } = replayAfterChange({
    changelog: [100, 40],
    committed: [0, 0],
    lows: [0, 0],
  });
  assert.deepEqual(positions, [0, 0]);
  assert.equal(alreadyWritten(replay, 0, 99), true);
  assert.equal(alreadyWritten(replay, 0, 100), false);
  assert.equal(alreadyWritten(replay, 1, 39), true);
  noteEvent(replay, 5 * MINUTE);
  assert.equal(isCut(replay, 0), false);
  assert.equal(replayOver(replay, [100, 39], null), false);
  assert.equal(replayOver(replay, [100, 40], null), true);
});

Deno.test("a reset into the middle of the log cuts the first minute it sees", () => {
  const { replay } = replayAfterChange({
    changelog: [100],
    committed: [60],
    lows: [0],
  });
  assert.equal(
    isCut(replay, 0),
    true,
    "nothing is emitted before the first event",
  );
  noteEvent(replay, 10 * MINUTE + 5_000);
  assert.equal(isCut(replay, 10 * MINUTE), true);
  assert.equal(isCut(replay, 11 * MINUTE), false);
  assert.equal(
    replayOver(replay, [100], 10 * MINUTE),
    false,
    "the cut window is still open",
  );
  assert.equal(replayOver(replay, [100], 11 * MINUTE), true);
});

Deno.test("a topic without a committed offset keeps the changelog's position", () => {
  const { positions } = replayAfterChange({
    changelog: [100, 40],
    committed: [0, null],
    lows: [0, 0],
  });
  assert.deepEqual(positions, [0, 40]);
});
