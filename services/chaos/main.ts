/** `deno task chaos`: the exactly-once drill. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { parseChaosArgs, USAGE } from "./cli.ts";
import { runDrill } from "./drill.ts";
import { formatReport, judge } from "./report.ts";

const options = parseOrExit(parseChaosArgs, USAGE);

const stop = new AbortController();
const onSignal = () => {
  if (stop.signal.aborted) Deno.exit(130);
  console.log("[chaos] stopping: cleaning up what the drill started");
  stop.abort();
};
Deno.addSignalListener("SIGINT", onSignal);
Deno.addSignalListener("SIGTERM", onSignal);

try {
  const report = await runDrill({
    ...options,
    signal: stop.signal,
    say: (line) => console.log(`[chaos] ${line}`),
  });
  const verdict = judge(report);
  console.log(`\n${formatReport(report, verdict)}`);
  if (!report.verifyOk) console.log(`\nverify said:\n${report.verifyOutput}`);
  Deno.exit(stop.signal.aborted ? 130 : verdict.ok ? 0 : 1);
} catch (error) {
  console.error(`[chaos] failed: ${(error as Error).message}`);
  Deno.exit(1);
}
