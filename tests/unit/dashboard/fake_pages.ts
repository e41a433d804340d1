/** A PagesBackend without Kafka: one topic whose records hold JSON, binary and markup. */
import type { PagesBackend } from "../../../services/dashboard/pages_backend.ts";
import type { AccessPolicy } from "../../../services/dashboard/access.ts";
import { readRecords } from "../../../shared/topic_reader.ts";
import { fakeFetcher, record } from "../shared/fake_fetcher.ts";

export const EVIL_VALUE = '{"query":"<script>alert(1)</script>"}';

export function fakePages(
  access: AccessPolicy = { host: "127.0.0.1" },
): PagesBackend {
  const fetcher = fakeFetcher([[
    record(0, 0, '{"event_type":"purchase","price":9.99}'),
    record(0, 1, new Uint8Array([0xff, 0xfe, 0x3c])),
    record(0, 2, EVIL_VALUE),
  ]]);
  return {
    access,
    deadLetterTopic: "store.dead-letter",
    listTopics: () =>
      Promise.resolve([{ name: "store.searches", partitions: 1, offsets: 3 }]),
    read: (topic, query) => readRecords({ fetcher, topic, ...query }),
    tail: () => Promise.resolve(),
    groups: () => ({
      at: 1_000,
      error: null,
      groups: [{
        group_id: "analytics-processor",
        state: "Stable",
        protocol_type: "consumer",
        protocol: "CoPartitionedSticky",
        members: [{
          member_id: "m1",
          client_id: "processor-proc-a",
          client_host: "/127.0.0.1",
          assignment: { "store.searches": [0] },
        }],
        partitions: [{
          topic: "store.searches",
          partition: 0,
          committed: 1,
          end: 3,
          lag: 2,
        }],
      }],
      history: {
        "analytics-processor": [{
          topic: "store.searches",
          points: [{ t: 0, lag: 4 }, { t: 1_000, lag: 2 }],
          clear_in_ms: 1_000,
          drain_per_s: 2,
        }],
      },
    }),
    deadLetters: () =>
      Promise.resolve({
        topic: "store.dead-letter",
        latest: [],
        reasons: [],
        scanned: 0,
        error: null,
      }),
  };
}
