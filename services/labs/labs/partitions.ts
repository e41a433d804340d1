/**
 * Lab 1: where a user's events land and why. Keyed by `user_id`, every event
 * of a user goes to the same partition number of every store topic; keyed at
 * random, they scatter and a consumer no longer gets them in order.
 */
import type { LabRun } from "../actions.ts";
import { type Lab, ok, waiting } from "../model.ts";
import { newestStoreRows, type StoreRow } from "../probes.ts";
import {
  coPartitioned,
  partitionCounts,
  scattered,
  storeGrowth,
} from "./partition_checks.ts";

/** Records per partition the checks look at: enough for users with several events, cheap to read every second. */
const ROWS_PER_PARTITION = 500;
const EVENTS = "3000";

const rows = (probes: Record<string, unknown>) =>
  (probes.rows ?? []) as StoreRow[];

/** The user of the newest record of `topic`, from `deno task peek --json`. */
async function newestUser(run: LabRun, topic: string): Promise<string> {
  const lines = await run.run("peek", [topic, "--limit", "1", "--json"]);
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    const view = JSON.parse(line) as { value: { text: string } };
    const user = JSON.parse(view.value.text).user_id;
    if (typeof user === "string") return user;
  }
  throw new Error(
    `Cannot pick a user: deno task peek ${topic} printed no event`,
  );
}

/** Runs a peek and passes its first record lines and its summary on to the learner. */
async function showPeek(run: LabRun, args: string[]) {
  const lines = await run.run("peek", args);
  const records = lines.filter((l) => /^\d+:\d+ /.test(l));
  for (const line of records.slice(0, 4)) run.say(`  ${line.slice(0, 110)}`);
  const summary = lines.find((l) => l.includes(" scanned ("));
  if (summary) run.say(`  ${summary}`);
}

export const partitionsLab: Lab = {
  number: 1,
  id: "partitions",
  title: "Topics, partitions and keys",
  goal:
    "See that every event of a user lands in the same partition number of every store topic because the key is its user_id, and that another key scatters them and loses their order.",
  doc: "01-topics-partitions-keys.md",
  probes: {
    rows: (clients) => newestStoreRows(clients, ROWS_PER_PARTITION),
  },
  env: () => ({ LOG_LEVEL: "warn" }),
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
  },
  steps: [
    {
      title: "Produce a few thousand shoppers' events, keyed by user_id",
      doIt: [
        "deno task reset --all --yes   (a fresh playground)",
        `deno task produce --events ${EVENTS} --seed 15`,
        "Watch: /topics/store.game-views: the three partitions fill about evenly",
      ],
      act: (run) =>
        run.run("produce", ["--events", EVENTS, "--seed", "15"]).then(() => {}),
      expect({ start, now }) {
        const grown = storeGrowth(start, now);
        return grown >= 1000
          ? ok(`${grown} new records on the five store topics`)
          : waiting(
            `${grown} new records on the store topics so far; produce ${EVENTS}`,
          );
      },
      timeoutMs: { auto: 30_000, manual: 300_000 },
    },
    {
      title: "Follow one user: the same partition number on every topic",
      doIt: [
        "deno task peek store.purchases --limit 1           (a buyer: note its key=)",
        "deno task peek store.game-views --key <user> --from earliest",
        "deno task peek store.cart-events --key <user> --from earliest",
        "deno task peek store.purchases --key <user> --from earliest",
        "Each line starts partition:offset: the partition is the same on every topic",
      ],
      async act(run) {
        // A buyer has a trail: views, cart actions, the purchase.
        const user = await newestUser(run, "store.purchases");
        for (
          const topic of [
            "store.game-views",
            "store.cart-events",
            "store.purchases",
          ]
        ) {
          await showPeek(run, [topic, "--key", user, "--from", "earliest"]);
        }
      },
      expect: ({ now }) =>
        coPartitioned(rows(now.probes), partitionCounts(now)),
      timeoutMs: { auto: 20_000, manual: 300_000 },
    },
    {
      title: "Change the key: a user's events scatter and lose their order",
      doIt: [
        `deno task produce --events ${EVENTS} --seed 16 --key random`,
        "deno task peek store.game-views --limit 1           (note its user_id)",
        "deno task peek store.game-views --grep <user_id> --from -2000",
        "The user's views now sit in several partitions; --key <user> finds none",
      ],
      async act(run) {
        await run.run("produce", [
          "--events",
          EVENTS,
          "--seed",
          "16",
          "--key",
          "random",
        ]);
        const user = await newestUser(run, "store.game-views");
        await showPeek(run, [
          "store.game-views",
          "--grep",
          user,
          "--from",
          "-2000",
        ]);
      },
      expect: ({ now }) => scattered(rows(now.probes)),
      timeoutMs: { auto: 20_000, manual: 300_000 },
    },
  ],
};
