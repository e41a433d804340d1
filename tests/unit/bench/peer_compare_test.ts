import assert from "node:assert/strict";
import {
  comparePeer,
  formatPeerCheck,
  isEmpty,
  PEER_METRICS,
  peerScopeNote,
} from "../../../services/bench/peer/compare.ts";
import { metricKey, MetricRecord } from "../../../shared/schemas/metrics.ts";

const START = Date.UTC(2026, 10, 22, 8, 3);

function envelope(minute: number, partition: number, final = true) {
  return {
    window_start: new Date(START + minute * 60_000).toISOString(),
    window_end: new Date(START + (minute + 1) * 60_000).toISOString(),
    partition,
    final,
    emitted_at: new Date(START + 3_600_000).toISOString(),
  };
}

function revenue(minute: number, partition: number, revenue: number) {
  return MetricRecord.parse({
    ...envelope(minute, partition),
    metric: "revenue_per_minute",
    data: { revenue, orders: revenue > 0 ? 2 : 0, currency: "USD" },
  });
}

function events(minute: number, partition: number, views: number) {
  return MetricRecord.parse({
    ...envelope(minute, partition),
    metric: "events_per_minute",
    data: {
      game_page_viewed: views,
      wishlist_action: 1,
      cart_action: 0,
      purchase: 2,
      search_performed: 0,
      total: views + 3,
    },
  });
}

function trending(minute: number, partition: number, views: number) {
  return MetricRecord.parse({
    ...envelope(minute, partition),
    metric: "trending_games",
    data: {
      games: { "game-0001": { title: "Iron Drift", views, purchases: 1 } },
    },
  });
}

function byKey(records: MetricRecord[]): Map<string, MetricRecord> {
  return new Map(records.map((r) => [metricKey(r), r]));
}

/** Two windows on two partitions, every metric the peer computes. */
function sample(): MetricRecord[] {
  return [0, 1].flatMap((minute) =>
    [0, 2].flatMap((partition) => [
      revenue(minute, partition, 19.98 + minute),
      events(minute, partition, 10 + partition),
      trending(minute, partition, 5 + minute),
    ])
  );
}

Deno.test("comparePeer() finds equal outputs equal, window by window", () => {
  const check = comparePeer(byKey(sample()), byKey(sample()));
  assert.equal(check.equal, true);
  assert.deepEqual(check.metrics.map((m) => m.metric), [...PEER_METRICS]);
  for (const m of check.metrics) {
    assert.equal(m.compared, 4, m.metric);
    assert.equal(m.equal, 4, m.metric);
  }
});

Deno.test("comparePeer() ignores the envelope and key order, and our other metrics", () => {
  const ours = byKey([
    ...sample(),
    MetricRecord.parse({
      ...envelope(0, 0),
      metric: "cart_abandonment",
      data: { carts: 3, abandoned: 1 },
    }),
  ]);
  const peer = byKey(
    sample().map((r) => {
      const reordered = Object.fromEntries(Object.entries(r.data).reverse());
      return { ...r, final: false, emitted_at: r.window_end, data: reordered };
    }) as MetricRecord[],
  );
  assert.equal(comparePeer(ours, peer).equal, true);
});

Deno.test("comparePeer() reports a window whose final value differs", () => {
  const peer = sample();
  peer[1] = events(0, 0, 11);
  const check = comparePeer(byKey(sample()), byKey(peer));
  assert.equal(check.equal, false);
  const epm = check.metrics.find((m) => m.metric === "events_per_minute")!;
  assert.equal(epm.different, 1);
  assert.equal(epm.equal, 3);
  assert.match(
    epm.examples[0],
    /^events_per_minute\|2026-11-22T08:03:00\.000Z\|0: ours .*"game_page_viewed":10.* peer .*"game_page_viewed":11/,
  );
  assert.match(
    formatPeerCheck(check),
    /events_per_minute: 3 of 4 windows equal; 1 different/,
  );
});

Deno.test("comparePeer() compares the record kept for each key: a stale value differs, the update is equal", () => {
  const peer = byKey(sample());
  const stale = revenue(1, 2, 5);
  const key = metricKey(stale);
  peer.set(key, stale);
  assert.equal(comparePeer(byKey(sample()), peer).equal, false);
  peer.set(key, revenue(1, 2, 20.98));
  assert.equal(comparePeer(byKey(sample()), peer).equal, true);
});

Deno.test("comparePeer() counts windows missing in the peer and windows only the peer has", () => {
  const ours = sample();
  const peer = sample().filter((r) =>
    !(r.metric === "trending_games" && r.partition === 2)
  );
  peer.push(trending(7, 1, 3));
  const check = comparePeer(byKey(ours), byKey(peer));
  const games = check.metrics.find((m) => m.metric === "trending_games")!;
  assert.equal(games.missing, 2);
  assert.equal(games.unexpected, 1);
  assert.equal(check.equal, false);
  assert.match(
    formatPeerCheck(check),
    /2 missing in the peer, 1 only in the peer/,
  );
});

Deno.test("comparePeer() counts our empty windows the peer never opened as equal, and nothing else", () => {
  const ours = [
    ...sample(),
    revenue(40, 0, 0),
    MetricRecord.parse({
      ...envelope(40, 0),
      metric: "events_per_minute",
      data: {
        game_page_viewed: 0,
        wishlist_action: 0,
        cart_action: 0,
        purchase: 0,
        search_performed: 0,
        total: 0,
      },
    }),
    MetricRecord.parse({
      ...envelope(40, 0),
      metric: "trending_games",
      data: { games: {} },
    }),
  ];
  const check = comparePeer(byKey(ours), byKey(sample()));
  assert.equal(check.equal, true);
  assert.deepEqual(check.metrics.map((m) => m.emptyOnlyOurs), [1, 1, 1]);
  assert.equal(isEmpty(revenue(0, 0, 19.98)), false);
});

Deno.test("comparePeer() is not equal when a metric has no windows at all", () => {
  const check = comparePeer(new Map(), new Map());
  assert.equal(check.equal, false);
  assert.match(
    formatPeerCheck(check),
    /revenue_per_minute: 0 of 0 windows equal; no windows/,
  );
});

Deno.test("peerScopeNote() says how many of our metrics the peer computes", () => {
  assert.equal(
    peerScopeNote(),
    "peer computes 3 of our 6 metrics: ratio is conservative",
  );
});
