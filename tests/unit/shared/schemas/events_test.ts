import assert from "node:assert/strict";
import {
  EVENT_TYPES,
  isEventType,
  Purchase,
  StoreEvent,
  toCents,
} from "../../../../shared/schemas/events.ts";

const envelope = {
  event_id: "5f0c6d1e-8b7a-4c2d-9e3f-1a2b3c4d5e6f",
  timestamp: "2026-11-22T20:15:00.000Z",
  user_id: "user-000042",
  session_id: "sess-000042-1",
};

const VALID = {
  game_page_viewed: {
    ...envelope,
    event_type: "game_page_viewed",
    game_id: "game-0001",
    game_title: "Crimson Frontier",
    source: "search",
  },
  wishlist_action: {
    ...envelope,
    event_type: "wishlist_action",
    game_id: "game-0002",
    game_title: "Silent Kingdom II",
    action: "add",
  },
  cart_action: {
    ...envelope,
    event_type: "cart_action",
    game_id: "game-0003",
    game_title: "Iron Protocol",
    action: "remove",
    price: 19.99,
  },
  purchase: {
    ...envelope,
    event_type: "purchase",
    order_id: "order-1",
    items: [
      { game_id: "game-0001", title: "Crimson Frontier", price: 19.99 },
      { game_id: "game-0002", title: "Silent Kingdom II", price: 5.01 },
      { game_id: "game-0004", title: "Free Thing", price: 0 },
    ],
    total: 25,
    currency: "USD",
    payment_method: "paypal",
  },
  search_performed: {
    ...envelope,
    event_type: "search_performed",
    query: "space tactics",
    results_count: 12,
    result_game_ids: ["game-0010", "game-0011"],
  },
} as const;

/** The paths of the issues `StoreEvent` raises for `value`; fails if it is accepted. */
function issuePaths(value: unknown): string[] {
  const result = StoreEvent.safeParse(value);
  assert.equal(result.success, false, `accepted ${JSON.stringify(value)}`);
  return result.error!.issues.map((issue) => issue.path.join("."));
}

function without<T extends object>(value: T, key: keyof T): object {
  return Object.fromEntries(
    Object.entries(value).filter(([name]) => name !== key),
  );
}

Deno.test("StoreEvent accepts a valid event of each of the five types unchanged", () => {
  assert.deepEqual(Object.keys(VALID).sort(), [...EVENT_TYPES].sort());
  for (const event of Object.values(VALID)) {
    assert.deepEqual(StoreEvent.parse(event), event, event.event_type);
  }
});

Deno.test("StoreEvent survives a JSON round trip (the wire format)", () => {
  for (const event of Object.values(VALID)) {
    assert.deepEqual(
      StoreEvent.parse(JSON.parse(JSON.stringify(event))),
      event,
    );
  }
});

Deno.test("StoreEvent accepts a UTC timestamp without milliseconds", () => {
  const event = {
    ...VALID.game_page_viewed,
    timestamp: "2026-11-22T20:15:00Z",
  };
  assert.equal(StoreEvent.safeParse(event).success, true);
});

Deno.test("StoreEvent rejects an event missing a field, naming the field", () => {
  const cases: [object, string][] = [
    [without(VALID.game_page_viewed, "event_id"), "event_id"],
    [without(VALID.game_page_viewed, "timestamp"), "timestamp"],
    [without(VALID.wishlist_action, "user_id"), "user_id"],
    [without(VALID.wishlist_action, "session_id"), "session_id"],
    [without(VALID.game_page_viewed, "game_title"), "game_title"],
    [without(VALID.wishlist_action, "action"), "action"],
    [without(VALID.cart_action, "price"), "price"],
    [without(VALID.purchase, "order_id"), "order_id"],
    [without(VALID.purchase, "payment_method"), "payment_method"],
    [without(VALID.search_performed, "result_game_ids"), "result_game_ids"],
  ];
  for (const [event, path] of cases) {
    assert.deepEqual(issuePaths(event), [path]);
  }
});

Deno.test("StoreEvent rejects a field of the wrong type, naming the field", () => {
  assert.deepEqual(issuePaths({ ...VALID.cart_action, price: "19.99" }), [
    "price",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.game_page_viewed, game_id: 7 }), [
    "game_id",
  ]);
  assert.deepEqual(
    issuePaths({ ...VALID.search_performed, results_count: "12" }),
    ["results_count"],
  );
  assert.deepEqual(
    issuePaths({ ...VALID.search_performed, results_count: 1.5 }),
    ["results_count"],
  );
  assert.deepEqual(issuePaths({ ...VALID.purchase, items: "game-0001" }), [
    "items",
  ]);
});

Deno.test("StoreEvent rejects negative prices and totals", () => {
  assert.deepEqual(issuePaths({ ...VALID.cart_action, price: -0.01 }), [
    "price",
  ]);
  const items = [{ game_id: "game-0001", title: "A", price: -5 }];
  assert.deepEqual(issuePaths({ ...VALID.purchase, items, total: -5 }), [
    "items.0.price",
    "total",
  ]);
});

Deno.test("StoreEvent rejects a price that is not a finite number", () => {
  assert.deepEqual(issuePaths({ ...VALID.cart_action, price: Infinity }), [
    "price",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.cart_action, price: NaN }), ["price"]);
});

Deno.test("StoreEvent rejects an event_id that is not a UUID", () => {
  for (const event_id of ["abc", "5f0c6d1e8b7a4c2d9e3f1a2b3c4d5e6f", ""]) {
    assert.deepEqual(issuePaths({ ...VALID.purchase, event_id }), ["event_id"]);
  }
});

Deno.test("StoreEvent rejects timestamps that are not ISO 8601 in UTC", () => {
  for (
    const timestamp of [
      "2026-11-22T21:15:00+01:00",
      "2026-11-22T20:15:00",
      "2026-11-22",
      "Sun, 22 Nov 2026 20:15:00 GMT",
      "1795464900000",
    ]
  ) {
    assert.deepEqual(
      issuePaths({ ...VALID.game_page_viewed, timestamp }),
      ["timestamp"],
      timestamp,
    );
  }
});

Deno.test("StoreEvent rejects an unknown or missing event_type", () => {
  assert.deepEqual(
    issuePaths({ ...VALID.game_page_viewed, event_type: "refund" }),
    [
      "event_type",
    ],
  );
  assert.deepEqual(issuePaths(without(VALID.game_page_viewed, "event_type")), [
    "event_type",
  ]);
});

Deno.test("StoreEvent checks the fields of the event_type it claims", () => {
  // A valid view relabelled as a cart action lacks the cart's own fields.
  const paths = issuePaths({
    ...VALID.game_page_viewed,
    event_type: "cart_action",
  });
  assert.deepEqual(paths.sort(), ["action", "price"]);
});

Deno.test("StoreEvent rejects values outside an enum", () => {
  assert.deepEqual(issuePaths({ ...VALID.wishlist_action, action: "toggle" }), [
    "action",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.game_page_viewed, source: "ad" }), [
    "source",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.purchase, payment_method: "cash" }), [
    "payment_method",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.purchase, currency: "usd" }), [
    "currency",
  ]);
});

Deno.test("StoreEvent rejects empty ids and titles", () => {
  assert.deepEqual(issuePaths({ ...VALID.cart_action, user_id: "" }), [
    "user_id",
  ]);
  assert.deepEqual(issuePaths({ ...VALID.cart_action, game_title: "" }), [
    "game_title",
  ]);
});

Deno.test("Purchase rejects a total that differs from the sum of its items", () => {
  assert.deepEqual(issuePaths({ ...VALID.purchase, total: 25.01 }), ["total"]);
  const result = Purchase.safeParse({ ...VALID.purchase, total: 24 });
  assert.match(result.error!.issues[0].message, /total must equal the sum/);
});

Deno.test("Purchase compares totals in cents, so float sums still match", () => {
  const items = [0.1, 0.2, 19.99, 39.99].map((price, i) => ({
    game_id: `game-000${i}`,
    title: `G${i}`,
    price,
  }));
  // 0.1 + 0.2 + 19.99 + 39.99 in floating point is 60.279999999999994.
  assert.equal(
    Purchase.safeParse({ ...VALID.purchase, items, total: 60.28 }).success,
    true,
  );
});

Deno.test("Purchase rejects an order without items", () => {
  assert.deepEqual(issuePaths({ ...VALID.purchase, items: [], total: 0 }), [
    "items",
  ]);
});

Deno.test("Purchase names the bad item by index", () => {
  const items = [VALID.purchase.items[0], {
    game_id: "game-0002",
    price: 5.01,
  }];
  assert.deepEqual(issuePaths({ ...VALID.purchase, items }), ["items.1.title"]);
});

Deno.test("SearchPerformed rejects more result ids than results", () => {
  assert.deepEqual(
    issuePaths({ ...VALID.search_performed, results_count: 1 }),
    ["result_game_ids"],
  );
});

Deno.test("SearchPerformed accepts a search with zero results", () => {
  const event = {
    ...VALID.search_performed,
    results_count: 0,
    result_game_ids: [],
  };
  assert.equal(StoreEvent.safeParse(event).success, true);
});

Deno.test("toCents() rounds to whole cents", () => {
  assert.equal(toCents(19.99), 1999);
  assert.equal(toCents(0.1 + 0.2), 30);
  assert.equal(toCents(0), 0);
});

Deno.test("isEventType() accepts exactly the five event types", () => {
  for (const type of EVENT_TYPES) assert.equal(isEventType(type), true);
  for (const other of ["refund", "", undefined, 1, "PURCHASE"]) {
    assert.equal(isEventType(other), false);
  }
});
