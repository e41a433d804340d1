import assert from "node:assert/strict";
import {
  PEER_MAIN_CLASS,
  peerSourcesHash,
} from "../../../services/bench/peer/build.ts";
import {
  peerJavaArgs,
  writeCatalogFile,
} from "../../../services/bench/peer/launch.ts";
import {
  peerTopicNames,
  peerTopicSpecs,
} from "../../../services/bench/peer/topics.ts";
import { CATALOG } from "../../../shared/catalog.ts";
import { topicNames, topicSpecs } from "../../../shared/topics.ts";

const BUILD = { dir: "/x", classpath: "/x/streams-peer.jar:/x/lib/*" };

function options() {
  return {
    brokers: ["127.0.0.1:9092", "127.0.0.1:9093"],
    applicationId: "p.bench-streams-1",
    stateDir: "/tmp/state",
    catalogFile: "/tmp/catalog.json",
    inputs: topicNames("p."),
    outputs: peerTopicNames("p."),
    latenessMs: 30_000,
    maxEventBytes: 16_384,
  };
}

/** The values of a repeated `--flag value` in a command line. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => arg === flag ? [args[i + 1]] : []);
}

Deno.test("peerTopicNames() puts the peer's outputs under <prefix>peer., apart from ours", () => {
  assert.deepEqual(peerTopicNames("bench-process-1."), {
    deadLetter: "bench-process-1.peer.store.dead-letter",
    enriched: "bench-process-1.peer.analytics.enriched-events",
    metrics: "bench-process-1.peer.analytics.metrics",
  });
  const ours = topicSpecs("p.", 1);
  const peer = peerTopicSpecs("p.", 1);
  assert.deepEqual(
    peer.map((s) => s.name),
    Object.values(peerTopicNames("p.")),
  );
  for (const spec of peer) {
    const twin = ours.find((s) =>
      s.name === spec.name.replace("p.peer.", "p.")
    )!;
    assert.deepEqual({ ...spec, name: twin.name }, twin);
  }
});

Deno.test("peerJavaArgs() reads our five store topics, writes the peer's three and drains by default", () => {
  const args = peerJavaArgs(BUILD, options());
  assert.deepEqual(args.slice(args.indexOf("-cp"), args.indexOf("-cp") + 3), [
    "-cp",
    BUILD.classpath,
    PEER_MAIN_CLASS,
  ]);
  assert.deepEqual(values(args, "--input"), [
    "game_page_viewed=p.store.game-views",
    "wishlist_action=p.store.wishlist-events",
    "cart_action=p.store.cart-events",
    "purchase=p.store.purchases",
    "search_performed=p.store.searches",
  ]);
  assert.deepEqual(values(args, "--metrics"), ["p.peer.analytics.metrics"]);
  assert.deepEqual(values(args, "--enriched"), [
    "p.peer.analytics.enriched-events",
  ]);
  assert.deepEqual(values(args, "--dead-letter"), ["p.peer.store.dead-letter"]);
  assert.deepEqual(values(args, "--brokers"), [
    "127.0.0.1:9092,127.0.0.1:9093",
  ]);
  assert.deepEqual(values(args, "--lateness-ms"), ["30000"]);
  assert.deepEqual(values(args, "--commit-interval-ms"), ["1000"]);
  assert.ok(args.includes("--drain"));
  assert.ok(args.includes("-Xmx512m"));
  assert.ok(
    !peerJavaArgs(BUILD, { ...options(), drain: false }).includes("--drain"),
  );
});

Deno.test("writeCatalogFile() writes every game with the fields the peer enriches with", async () => {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await writeCatalogFile(file);
    const games = JSON.parse(await Deno.readTextFile(file));
    assert.equal(games.length, CATALOG.length);
    const { id, title, genre, price } = CATALOG[7];
    assert.deepEqual(games[7], { id, title, genre, price });
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("peerSourcesHash() changes with any source or the pom, and only then", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/src/main/java/x`, { recursive: true });
    await Deno.writeTextFile(`${dir}/pom.xml`, "<project/>");
    await Deno.writeTextFile(`${dir}/src/main/java/x/A.java`, "class A {}");
    await Deno.writeTextFile(`${dir}/build.ts`, "// not a source of the jar");
    const first = await peerSourcesHash(dir);
    assert.match(first, /^[0-9a-f]{64}$/);
    await Deno.writeTextFile(`${dir}/build.ts`, "// changed");
    assert.equal(await peerSourcesHash(dir), first);
    await Deno.writeTextFile(`${dir}/src/main/java/x/A.java`, "class A { }");
    const edited = await peerSourcesHash(dir);
    assert.notEqual(edited, first);
    await Deno.writeTextFile(`${dir}/src/main/java/x/B.java`, "");
    const added = await peerSourcesHash(dir);
    assert.notEqual(added, edited);
    await Deno.writeTextFile(`${dir}/pom.xml`, "<project></project>");
    assert.notEqual(await peerSourcesHash(dir), added);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
