/**
 * The shopper funnel's transition probabilities, all in one place. Each table
 * lists the chances of the next step; whatever is left over means "leave".
 *
 * Tuned (see the README, "The model", and the distribution tests) so that over a long
 * run a session views ~4-5 pages, ~2-5 % of viewing sessions buy and ~60-75 %
 * of carts are abandoned, which is what e-commerce reports for storefronts.
 */

/** How a session begins. */
export const START = {
  /** Shoppers who type in the search box first; the rest browse. */
  search: 0.35,
  /** Of browsing entries: arrived from a recommendation rather than a list. */
  recommendation: 0.25,
} as const;

/** After a search. */
export const AFTER_SEARCH = {
  /** Opens one of the results (when there are any). */
  click: 0.72,
  /** With zero results: tries another query. */
  retry: 0.45,
  /** With zero results and no retry: browses instead of leaving. */
  browseInstead: 0.4,
} as const;

/** After a game page view: the next step (rest: leave). */
export const AFTER_VIEW = {
  wishlist: 0.045,
  cart: 0.028,
  /** Only offered when the cart is not empty; otherwise it counts as leave. */
  checkout: 0.12,
  view: 0.6,
  search: 0.08,
} as const;

/** After wishlisting (rest: leave). */
export const AFTER_WISHLIST = {
  /** Changes their mind about a game wishlisted in this session. */
  remove: 0.06,
  view: 0.68,
  search: 0.08,
} as const;

/** After adding to the cart (rest: leave with a full cart, i.e. abandon). */
export const AFTER_CART_ADD = {
  checkout: 0.3,
  /** Removes a game added in this session. */
  remove: 0.07,
  view: 0.4,
} as const;

/** After removing from the cart (rest: leave). */
export const AFTER_CART_REMOVE = {
  /** Only offered when the cart is not empty. */
  checkout: 0.3,
  view: 0.45,
} as const;

/** At checkout: the payment goes through and the shopper confirms. */
export const CHECKOUT_COMPLETES = 0.62;

/** Sale games are more tempting: the cart chance on their page is multiplied by this. */
export const SALE_CART_BOOST = 3;

/** Shoppers with something in the cart are in a buying mood: cart chance multiplier. */
export const BASKET_BOOST = 4;

/** Payment methods and their shares. */
export const PAYMENT_METHODS = [
  ["card", 0.55],
  ["paypal", 0.25],
  ["wallet", 0.15],
  ["gift_card", 0.05],
] as const;

/** How many distinct shoppers exist; sessions draw a user from them. */
export const USER_COUNT = 50_000;

/**
 * Average simulated seconds between two events of one session; with the event
 * rate it sets how many sessions are open at once (Little's law).
 */
export const SESSION_EVENT_GAP_S = 15;

/** All prices are in one currency so revenue sums stay meaningful. */
export const CURRENCY = "USD";
