/**
 * Runs a lab unattended in its short mode against the real broker, on topics
 * of its own: every step's expected effect must be seen in time, so the lab
 * guides cannot rot.
 */
import assert from "node:assert/strict";
import { findLab } from "../../services/labs/catalog.ts";
import { closeProbes } from "../../services/labs/probes.ts";
import { runLab } from "../../services/labs/runner.ts";
import { verifyResultPath } from "../../shared/verify_result.ts";
import { serviceEnv, withTestTopics } from "./fixture.ts";

export async function runLabUnattended(
  id: string,
  options: { storePartitions?: number } = {},
): Promise<string[]> {
  const lab = findLab(id);
  assert.ok(lab, `no lab ${id}`);
  const t = await withTestTopics(`lab-${id}`, options);
  const log: string[] = [];
  const clients = {
    config: t.config,
    kafka: t.kafka,
    admin: t.admin,
    names: t.names,
  };
  try {
    const outcomes = await runLab(lab, {
      mode: "auto",
      short: true,
      clients,
      env: { ...Deno.env.toObject(), ...serviceEnv(t.config) },
      say: (line) => log.push(line),
      pollMs: 500,
    });
    const seen = outcomes.filter((o) => o.ok).length;
    assert.equal(seen, lab.steps.length, log.join("\n"));
    return log;
  } finally {
    await closeProbes(clients);
    await t.cleanup();
    await Deno.remove(verifyResultPath(t.config.KAFKA_TOPIC_PREFIX)).catch(
      () => {},
    );
  }
}
