/**
 * The playground over SASL_SSL (SCRAM-SHA-512, a locally made CA) on a
 * broker of the test's own: the pipeline works end to end, and each wrong
 * setting is one line naming its cause and exit 2, without the password.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../shared/config.ts";
import { createKafka } from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { topicSpecs } from "../../shared/topics.ts";
import { PROJECT_ROOT } from "../../services/broker/launcher.ts";
import { PrivateCluster } from "../../services/broker/private_cluster.ts";
import { clientEnvironment } from "../../services/broker/secrets.ts";
import { startDashboard } from "../../services/dashboard/server.ts";
import type { Snapshot } from "../../lib/types.ts";
import { ensureTopics } from "../../services/topics/ensure_topics.ts";
import { hasJava } from "./cluster_fixture.ts";

const PREFIX = "secure.";

async function runTask(
  module: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", module, ...args],
    cwd: PROJECT_ROOT,
    env: { LOG_LEVEL: "warn", KAFKA_TOPIC_PREFIX: PREFIX, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, output: decode(out.stdout) + decode(out.stderr) };
}

/** `export A=b` lines as an environment map. */
function envOf(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => {
    const [name, ...value] = line.replace(/^export /, "").split("=");
    return [name, value.join("=")];
  }));
}

Deno.test({
  name:
    "over SASL_SSL produce, process, verify and the dashboard work, and a wrong password, a missing CA or a plaintext port each stop with one line",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const cluster = await PrivateCluster.start({
      brokers: 1,
      secure: true,
      prefix: "kafka-secure-test-",
    });
    const secrets = cluster.secrets!;
    const env = envOf(clientEnvironment(secrets, cluster.brokers));
    const outputs: string[] = [];
    try {
      await t.step("the pipeline runs end to end", async () => {
        const config = loadConfig({ ...env, KAFKA_TOPIC_PREFIX: PREFIX });
        const admin = createKafka(config, { clientSuffix: "test" }).admin();
        await admin.connect();
        await ensureTopics(admin, topicSpecs(PREFIX, 1));
        await admin.disconnect();

        const produced = await runTask("services/producer/main.ts", [
          "--events",
          "400",
          "--seed",
          "4",
        ], env);
        outputs.push(produced.output);
        assert.equal(produced.code, 0, produced.output);
        const processed = await runTask("services/processor/main.ts", [
          "--until-caught-up",
          "--drain",
        ], env);
        outputs.push(processed.output);
        assert.equal(processed.code, 0, processed.output);
        const verified = await runTask("services/processor/verify.ts", [], env);
        outputs.push(verified.output);
        assert.equal(verified.code, 0, verified.output);
        assert.match(verified.output, /OK: \d+ final metric records/);

        const dashboard = await startDashboard(
          { ...config, DASHBOARD_PORT: 0, LOG_LEVEL: "silent" },
          { logger: createLogger("dashboard", "silent") },
        );
        try {
          await dashboard.replayed;
          const snapshot: Snapshot = await (await fetch(
            `${dashboard.url}/api/metrics`,
          )).json();
          assert.ok(snapshot.windows.length > 0, "the dashboard has windows");
        } finally {
          await dashboard.shutdown();
        }
      });

      const plaintextPort = Number(cluster.brokers[0].split(":")[1]) + 2;
      const cases: [string, Record<string, string>, RegExp][] = [
        ["a wrong password", {
          KAFKA_SASL_PASSWORD: "not-the-password",
        }, /Authentication failed at .*KAFKA_SASL_PASSWORD/],
        ["no CA file", { KAFKA_SSL_CA_FILE: "" }, /certificate is not trusted/],
        ["TLS against a plaintext port", {
          KAFKA_BROKERS: `127.0.0.1:${plaintextPort}`,
        }, /no TLS handshake \(is this a plaintext port\?/],
      ];
      for (const [what, change, line] of cases) {
        await t.step(`${what} is one line and exit 2`, async () => {
          const result = await runTask(
            "services/topics/main.ts",
            [],
            { ...env, ...change },
          );
          outputs.push(result.output);
          assert.equal(result.code, 2, result.output);
          const lines = result.output.trim().split("\n");
          assert.equal(lines.length, 1, result.output);
          assert.match(lines[0], line);
        });
      }
      await t.step("no output holds the password", () => {
        for (const output of outputs) {
          assert.equal(output.includes(secrets.password), false);
        }
      });
    } finally {
      await cluster.destroy();
    }
  },
});
