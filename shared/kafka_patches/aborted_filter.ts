/**
 * A `read_committed` filter for KafkaJS's fetched batches. KafkaJS 2.2.4's own
 * (`consumer/filterAbortedMessages.js`) enters at most one aborted transaction
 * per message it looks at, so when several transactional producers interleave
 * on a partition the first records of a later aborted transaction slip
 * through. This one follows the rule of Kafka's Java consumer: before each
 * record, every aborted transaction that starts at or before its offset is
 * entered; an abort marker of a producer leaves that producer's transaction;
 * a transactional record of a producer inside an aborted transaction is
 * dropped.
 */

/** The parts of a KafkaJS message this filter reads. */
export interface FilterableMessage {
  offset: string;
  key: Uint8Array | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string | number; inTransaction: boolean };
}

/** An entry of the fetch response's aborted-transactions list. */
export interface AbortedTransaction {
  producerId: string | number;
  firstOffset: string | number;
}

export interface FilterInput<M extends FilterableMessage> {
  messages: M[];
  abortedTransactions?: AbortedTransaction[] | null;
}

/** A control record's key is version (int16) then type (int16); type 0 is ABORT. */
function isAbortMarker(key: Uint8Array | null): boolean {
  return key !== null && key !== undefined && key.length >= 4 &&
    key[2] === 0 && key[3] === 0;
}

/** The messages of a fetch that belong to no aborted transaction, in order. */
export function filterAbortedMessages<M extends FilterableMessage>(
  { messages, abortedTransactions }: FilterInput<M>,
): M[] {
  if (!abortedTransactions || abortedTransactions.length === 0) {
    return messages;
  }
  const pending = abortedTransactions
    .map((t) => ({
      producerId: String(t.producerId),
      firstOffset: BigInt(t.firstOffset),
    }))
    .sort((a, b) =>
      a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0
    );
  const aborting = new Set<string>();
  let next = 0;
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    while (next < pending.length && pending[next].firstOffset <= offset) {
      aborting.add(pending[next++].producerId);
    }
    const producerId = String(message.batchContext.producerId);
    // Control records pass: KafkaJS drops them after this filter.
    if (message.isControlRecord) {
      if (isAbortMarker(message.key)) aborting.delete(producerId);
      return true;
    }
    return !(message.batchContext.inTransaction && aborting.has(producerId));
  });
}

/** Where KafkaJS's own filter lives; its cache entry is replaced. */
export const KAFKAJS_FILTER_MODULE =
  "kafkajs/src/consumer/filterAbortedMessages.js";
