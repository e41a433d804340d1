import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  type AbortedTransaction,
  type FilterableMessage,
  filterAbortedMessages,
} from "../../../../shared/kafka_patches/aborted_filter.ts";
import { createRandom } from "../../../../shared/random.ts";

const ABORT = new Uint8Array([0, 0, 0, 0]);
const COMMIT = new Uint8Array([0, 0, 0, 1]);

interface Msg extends FilterableMessage {
  value: string;
}

function record(offset: number, producerId: number, value: string): Msg {
  return {
    offset: String(offset),
    key: null,
    value,
    isControlRecord: false,
    batchContext: { producerId: String(producerId), inTransaction: true },
  };
}

function marker(offset: number, producerId: number, abort: boolean): Msg {
  return {
    offset: String(offset),
    key: abort ? ABORT : COMMIT,
    value: "",
    isControlRecord: true,
    batchContext: { producerId: String(producerId), inTransaction: true },
  };
}

/**
 * A partition log written by `producers` transactional producers that
 * interleave at random, each transaction committed or aborted at random: the
 * log, the aborted-transactions list the broker would send, and the values
 * of committed transactions.
 */
function interleavedLog(seed: number, producers: number, steps: number) {
  const rng = createRandom(seed);
  const random = () => rng.next();
  const log: Msg[] = [];
  const aborted: AbortedTransaction[] = [];
  const open = new Map<number, { first: number; values: string[] }>();
  const committed = new Set<string>();
  for (let step = 0; step < steps; step++) {
    const pid = 1000 + Math.floor(random() * producers);
    const txn = open.get(pid);
    if (txn && random() < 0.3) {
      const abort = random() < 0.5;
      log.push(marker(log.length, pid, abort));
      if (abort) {
        aborted.push({ producerId: String(pid), firstOffset: txn.first });
      } else txn.values.forEach((v) => committed.add(v));
      open.delete(pid);
      continue;
    }
    const value = `p${pid}-${step}`;
    if (txn) txn.values.push(value);
    else open.set(pid, { first: log.length, values: [value] });
    log.push(record(log.length, pid, value));
  }
  for (const [pid, txn] of open) {
    log.push(marker(log.length, pid, true));
    aborted.push({ producerId: String(pid), firstOffset: txn.first });
  }
  return { log, aborted, committed };
}

const values = (messages: Msg[]) =>
  messages.filter((m) => !m.isControlRecord).map((m) => m.value);

Deno.test("filterAbortedMessages() drops a fetch's records of two aborted transactions that began before it", () => {
  // The fetch starts at offset 2, inside both transactions: KafkaJS 2.2.4
  // enters only p1's at the first record, which is p2's, and lets it through.
  const fetched = [
    record(2, 2, "b2"),
    record(3, 1, "a2"),
    record(4, 3, "c1"),
    marker(5, 1, true),
    marker(6, 2, true),
    marker(7, 3, false),
  ];
  const aborted = [
    { producerId: "1", firstOffset: "0" },
    { producerId: "2", firstOffset: "1" },
  ];
  assert.deepEqual(
    values(
      filterAbortedMessages({
        messages: fetched,
        abortedTransactions: aborted,
      }),
    ),
    ["c1"],
  );
});

Deno.test("filterAbortedMessages() keeps exactly the committed records of randomly interleaved producers", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const { log, aborted, committed } = interleavedLog(seed, 4, 120);
    // Any fetch may start mid-log: the broker lists the aborted transactions
    // that overlap it, including ones that started before it.
    for (const from of [0, 7, 31]) {
      const fetched = log.slice(from);
      const overlapping = aborted.filter((t) =>
        log.findIndex((m) =>
          m.isControlRecord &&
          m.batchContext.producerId === t.producerId &&
          Number(m.offset) >= Number(t.firstOffset)
        ) >= from
      );
      // A read_committed reader sees committed records in log order.
      const expected = values(fetched).filter((v) => committed.has(v));
      assert.deepEqual(
        values(
          filterAbortedMessages({
            messages: fetched,
            abortedTransactions: [...overlapping].reverse(),
          }),
        ),
        expected,
        `seed ${seed}, from ${from}`,
      );
    }
  }
});

Deno.test("filterAbortedMessages() keeps records outside transactions and returns input without aborts", () => {
  const plain = {
    ...record(0, 9, "x"),
    batchContext: { producerId: "9", inTransaction: false },
  };
  const log = [record(1, 9, "y"), plain];
  assert.equal(
    filterAbortedMessages({ messages: log, abortedTransactions: [] }),
    log,
  );
  assert.deepEqual(
    values(filterAbortedMessages({
      messages: [plain, record(1, 9, "y"), marker(2, 9, true)],
      abortedTransactions: [{ producerId: "9", firstOffset: "1" }],
    })),
    ["x"],
  );
});

Deno.test("KafkaJS's consumer batches are filtered by the patched read_committed filter", () => {
  const require = createRequire(import.meta.url);
  const Batch = require("kafkajs/src/consumer/batch.js");
  const log = [
    record(2, 2, "b2"),
    record(3, 1, "a2"),
    marker(4, 1, true),
    marker(5, 2, true),
  ];
  const batch = new Batch("t", "2", {
    partition: 0,
    highWatermark: "4",
    messages: log,
    abortedTransactions: [
      { producerId: "1", firstOffset: "0" },
      { producerId: "2", firstOffset: "1" },
    ],
  });
  assert.deepEqual(batch.messages, []);
});
