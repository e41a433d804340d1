import assert from "node:assert/strict";
import { readRecords } from "../../../shared/topic_reader.ts";
import { fakeFetcher, record } from "./fake_fetcher.ts";

const partition = (p: number, n: number) =>
  Array.from({ length: n }, (_, i) => record(p, i, `{"n":${i},"p":${p}}`));

const offsets = (records: { partition: number; offset: bigint }[]) =>
  records.map((r) => `${r.partition}@${r.offset}`);

Deno.test("readRecords() returns the last N of a partition newest first", async () => {
  const fetcher = fakeFetcher([partition(0, 30)]);
  const page = await readRecords({
    fetcher,
    topic: "t",
    partition: 0,
    from: { kind: "latest-minus", n: 4 },
    limit: 10,
  });
  assert.deepEqual(offsets(page.records), ["0@29", "0@28", "0@27", "0@26"]);
  assert.equal(page.scanned, 4);
  assert.equal(page.partitions[0].next, 30n);
  assert.equal(page.partitions[0].previous, 16n);
});

Deno.test("readRecords() pages forward from an offset and hands back the next cursor", async () => {
  const fetcher = fakeFetcher([partition(0, 30)]);
  const first = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "offset", offset: 10n },
    limit: 3,
  });
  assert.deepEqual(offsets(first.records), ["0@12", "0@11", "0@10"]);
  assert.equal(first.stoppedBy, "limit");
  const second = await readRecords({
    fetcher,
    topic: "t",
    from: {
      kind: "offsets",
      offsets: new Map([[0, first.partitions[0].next]]),
    },
    limit: 3,
  });
  assert.deepEqual(offsets(second.records), ["0@15", "0@14", "0@13"]);
});

Deno.test("readRecords() merges every partition and keeps the oldest of a forward read", async () => {
  const fetcher = fakeFetcher([partition(0, 5), partition(1, 5)]);
  const page = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
    limit: 4,
  });
  assert.deepEqual(offsets(page.records), ["1@1", "0@1", "1@0", "0@0"]);
});

Deno.test("readRecords() starts at the first record at or after a time", async () => {
  const fetcher = fakeFetcher([partition(0, 10)]);
  const page = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "time", time: 1_000_000 + 7_000 },
    limit: 10,
  });
  assert.deepEqual(offsets(page.records), ["0@9", "0@8", "0@7"]);
});

Deno.test("readRecords() stops a filtered scan at maxScan and says how many it scanned", async () => {
  const fetcher = fakeFetcher([partition(0, 1000)]);
  const page = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
    valueFilter: "no such text",
    maxScan: 120,
    limit: 10,
  });
  assert.equal(page.records.length, 0);
  assert.equal(page.scanned, 120);
  assert.equal(page.stoppedBy, "max_scan");
  assert.ok(fetcher.fetches <= 25, `fetched ${fetcher.fetches} times`);
});

Deno.test("readRecords() stops at the deadline", async () => {
  let clock = 0;
  const fetcher = fakeFetcher([partition(0, 1000)]);
  const fetch = fetcher.fetch;
  fetcher.fetch = (options) => {
    clock += 100;
    return fetch(options);
  };
  const page = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
    valueFilter: "nothing",
    deadlineMs: 1_000,
    now: () => clock,
  });
  assert.equal(page.stoppedBy, "deadline");
  assert.equal(page.scanned, 50);
});

Deno.test("readRecords() filters by exact key and by a value substring, ignoring case", async () => {
  const fetcher = fakeFetcher([[
    record(0, 0, '{"title":"Hollow Knight"}'),
    record(0, 1, '{"title":"Celeste"}'),
    record(0, 2, '{"title":"hollow moon"}'),
    record(0, 3, '{"title":"HOLLOW"}'),
  ]]);
  const byValue = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
    valueFilter: "hollow",
  });
  assert.deepEqual(offsets(byValue.records), ["0@3", "0@2", "0@0"]);
  assert.equal(byValue.scanned, 4);
  const byKey = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
    keyFilter: "k0",
  });
  assert.deepEqual(offsets(byKey.records), ["0@3", "0@0"]);
});

Deno.test("readRecords() reports transaction markers apart and does not count them as scanned", async () => {
  const fetcher = fakeFetcher([[
    record(0, 0, "a", { transactional: true }),
    record(0, 1, "", { control: "commit", key: new Uint8Array([0, 0, 0, 1]) }),
    record(0, 2, "b"),
  ]]);
  const page = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "earliest" },
  });
  assert.deepEqual(offsets(page.records), ["0@2", "0@0"]);
  assert.deepEqual(offsets(page.markers), ["0@1"]);
  assert.equal(page.scanned, 2);
});

Deno.test("readRecords() clamps an offset past either end", async () => {
  const fetcher = fakeFetcher([partition(0, 5)]);
  const past = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "offset", offset: 99n },
  });
  assert.deepEqual(past.records, []);
  assert.equal(past.partitions[0].start, 5n);
  const before = await readRecords({
    fetcher,
    topic: "t",
    from: { kind: "latest-minus", n: 99 },
  });
  assert.equal(before.records.length, 5);
});
