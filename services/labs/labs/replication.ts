/**
 * Lab 8: on a three-broker cluster, kill the broker leading the most
 * partitions, watch leaders move and the in-sync replicas shrink and grow
 * back, then take two brokers down and see acks=all refuse to write.
 */
import { pollUntil } from "../../../shared/poll.ts";
import { readReplication } from "../../monitor/group_poll.ts";
import type { LabProcess, LabRun } from "../actions.ts";
import { canaryProbe, canaryTopic } from "../canary.ts";
import { requireCluster, requireReplicatedTopics } from "../cluster.ts";
import type { Lab } from "../model.ts";
import { allTopics } from "../snapshot.ts";
import {
  busiestLeader,
  leaderCounts,
  leadersMoved,
  replicasInSync,
  writesRefused,
  writesResumed,
} from "./replication_checks.ts";

async function storeEnd(run: LabRun): Promise<number> {
  let total = 0;
  for (const topic of run.clients.names.store) {
    for (const p of await run.clients.admin.fetchTopicOffsets(topic)) {
      total += Number(p.high);
    }
  }
  return total;
}

/** Stops a task the lab started, and says its last line (the producer's summary). */
async function stop(run: LabRun, key: string) {
  const process = run.memory.get(key) as LabProcess | undefined;
  if (!process) return;
  process.kill("SIGTERM");
  const code = await process.exited;
  const summary = process.lines.findLast((l) => l.startsWith("Produced"));
  if (summary) run.say(`${process.label}: ${summary}`);
  if (code !== 0) {
    throw new Error(
      `${process.label} exited ${code}:\n${
        process.lines.slice(-20).join("\n")
      }`,
    );
  }
}

export const replicationLab: Lab = {
  number: 8,
  id: "replication",
  title: "Replication and broker failure",
  goal:
    "Kill the broker that leads the most partitions and see leaders move and in-sync replicas shrink and recover with nothing acknowledged lost, then take two of three brokers down and see acks=all refuse to write.",
  doc: "08-replication.md",
  probes: { canary: canaryProbe },
  env: () => ({
    LOG_LEVEL: "warn",
    PROCESSOR_SESSION_TIMEOUT_MS: "10000",
    PROCESSOR_TRANSACTION_TIMEOUT_MS: "10000",
  }),
  async setup(run) {
    await requireCluster(run.clients);
    await run.run("topics", []);
    await requireReplicatedTopics(run.clients);
    const before = await storeEnd(run);
    run.memory.set(
      "producer",
      run.start("produce", ["--rate", run.short ? "40" : "100"]),
    );
    // Three JVMs on a laptop are enough to watch; the processor is for the full run.
    if (!run.short) {
      run.memory.set("processor", run.start("process", []));
    }
    await pollUntil(async () => await storeEnd(run) > before, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: "the producer's first writes",
    });
  },
  steps: [
    {
      title: "Kill the broker that leads the most partitions",
      doIt: [
        "deno task produce --rate 100   (and deno task process, deno task dashboard)",
        "Dashboard /, Kafka panel: each partition shows leader · in-sync of replicas; find the broker leading most",
        "deno task kafka --kill N   (N: that broker)",
        "Watch: about 9 s later its partitions get new leaders, it drops out of every ISR, under_replicated fires",
      ],
      async act(run) {
        const { admin, names } = run.clients;
        const replication = await readReplication(admin, allTopics(names));
        const victim = busiestLeader(replication);
        if (victim === undefined) throw new Error("No partition has a leader");
        const counts = leaderCounts(replication).map(([b, n]) =>
          `broker ${b} leads ${n}`
        );
        run.say(`${counts.join(", ")}: killing broker ${victim}`);
        run.memory.set("victim", victim);
        await run.run("kafka", ["--kill", String(victim)]);
      },
      expect: leadersMoved,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title: "Restart it: it catches up and the in-sync replicas grow back",
      doIt: [
        "deno task kafka --restart N",
        "Watch: the ISRs fill again (2/3 → 3/3), under_replicated clears; leaders stay where they moved",
      ],
      async act(run) {
        await run.run("kafka", ["--restart", String(run.memory.get("victim"))]);
      },
      expect: replicasInSync,
      timeoutMs: { auto: 120_000, manual: 600_000 },
    },
    {
      title: "Take two of the three brokers down: acks=all refuses to write",
      doIt: [
        "Stop the producer (Ctrl-C): its summary says how many events were acknowledged",
        "deno task kafka --kill 2 && deno task kafka --kill 3   (any two of the three)",
        "Watch: once the controller fences them (about 9 s) every ISR is one broker; the lab's acks=all write is refused",
      ],
      async act(run) {
        await stop(run, "producer");
        await stop(run, "processor");
        const { admin, config, names } = run.clients;
        const topic = canaryTopic(config.KAFKA_TOPIC_PREFIX);
        // With every topic the observer reads: KafkaJS keeps only the
        // metadata of the topics asked about last.
        const partition = (await readReplication(admin, [
          ...allTopics(names),
          topic,
        ])).find((p) => p.topic === topic);
        if (!partition) throw new Error(`No ${topic}: was the canary written?`);
        // The leader stays up: the refusal then comes at once, with no election.
        const downed = partition.replicas.filter((r) => r !== partition.leader)
          .slice(0, 2);
        run.say(
          `${topic} lives on brokers ${
            partition.replicas.join(",")
          } (leader ${partition.leader}): killing ${downed.join(" and ")}`,
        );
        run.memory.set("downed", downed);
        for (const id of downed) await run.run("kafka", ["--kill", String(id)]);
      },
      expect: writesRefused,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title: "Bring one back: writes are acknowledged again, none was lost",
      doIt: [
        "deno task kafka --restart 2",
        "Watch: once it is back in sync the lab's writes are acknowledged again, and every acknowledged one is read back",
        "deno task kafka --restart 3   (afterwards: the whole cluster again)",
      ],
      async act(run) {
        const [first, second] = run.memory.get("downed") as number[];
        await run.run("kafka", ["--restart", String(first)]);
        if (run.short) {
          run.say(
            `broker ${second} stays down (--short): deno task kafka --restart ${second} starts it`,
          );
        } else {
          run.defer(async () => {
            await run.run("kafka", ["--restart", String(second)]);
          });
        }
      },
      expect: writesResumed,
      timeoutMs: { auto: 120_000, manual: 600_000 },
    },
  ],
};
