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
import type { LabClients } from "../../services/labs/snapshot.ts";
import { serviceEnv, withTestTopics } from "./fixture.ts";

export async function runLabUnattended(
  id: string,
  options: { storePartitions?: number } = {},
): Promise<string[]> {
  const t = await withTestTopics(`lab-${id}`, options);
  try {
    return await runLabOn(id, t, {
      ...Deno.env.toObject(),
      ...serviceEnv(t.config),
    });
  } finally {
    await t.cleanup();
  }
}

/** Runs lab `id` short and unattended with these clients, its services with `env`; returns its output. */
export async function runLabOn(
  id: string,
  clients: LabClients,
  env: Record<string, string>,
): Promise<string[]> {
  const lab = findLab(id);
  assert.ok(lab, `no lab ${id}`);
  const { config, kafka, admin, names } = clients;
  const own = { config, kafka, admin, names };
  const log: string[] = [];
  const began = Date.now();
  try {
    const outcomes = await runLab(lab, {
      mode: "auto",
      short: true,
      clients: own,
      env,
      say: (line) => log.push(line),
      pollMs: 500,
    });
    const seen = outcomes.filter((o) => o.ok).length;
    assert.equal(seen, lab.steps.length, log.join("\n"));
    console.log(
      `lab ${id} --short: ${lab.steps.length} steps seen in ${
        ((Date.now() - began) / 1000).toFixed(1)
      } s\n${log.filter((l) => /^\s+[✓✗]/.test(l)).join("\n")}`,
    );
    return log;
  } finally {
    await closeProbes(own);
    await Deno.remove(verifyResultPath(config.KAFKA_TOPIC_PREFIX)).catch(
      () => {},
    );
  }
}
