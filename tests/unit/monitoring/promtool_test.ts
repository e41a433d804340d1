import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  ALERT_RULES,
  ALERT_RULES_TEST,
  PROMETHEUS_CONFIG,
} from "./monitoring_files.ts";
import { promtool } from "./promtool.ts";

/** A copy of prometheus.yml and alerts.yml in a temporary folder, `alerts.yml` changed by `edit`. */
async function brokenCopy(edit: (rules: string) => string) {
  const rules = await Deno.readTextFile(ALERT_RULES);
  const broken = edit(rules);
  assert.notEqual(broken, rules, "the edit changes the rules");
  const dir = await Deno.makeTempDir({ prefix: "promtool-" });
  const config = join(dir, basename(PROMETHEUS_CONFIG));
  const copy = {
    config,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
  await Deno.copyFile(PROMETHEUS_CONFIG, config);
  await Deno.writeTextFile(join(dir, basename(ALERT_RULES)), broken);
  return copy;
}

Deno.test("promtool check config accepts prometheus.yml and the rule file it loads", async () => {
  const { code, output } = await promtool("check", "config", PROMETHEUS_CONFIG);
  assert.equal(code, 0, output);
  assert.match(output, /SUCCESS: 1 rule files found/);
  assert.match(output, /SUCCESS: \d+ rules found/);
});

Deno.test("promtool check rules accepts alerts.yml", async () => {
  const { code, output } = await promtool("check", "rules", ALERT_RULES);
  assert.equal(code, 0, output);
});

Deno.test("alerts.yml fires, and stays quiet, where alerts_test.yml says", async () => {
  const { code, output } = await promtool("test", "rules", ALERT_RULES_TEST);
  assert.equal(code, 0, output);
  assert.match(output, /SUCCESS/);
});

Deno.test("promtool check config rejects prometheus.yml when a rule it loads does not parse", async () => {
  await using copy = await brokenCopy((rules) =>
    rules.replace(/expr: .+/, "expr: sum(pipeline_consumer_lag")
  );
  const { code, output } = await promtool("check", "config", copy.config);
  assert.notEqual(code, 0, output);
  assert.match(output, /alerts\.yml/);
});
