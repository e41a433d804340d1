/**
 * The last `deno task verify` result, kept in a small file per topic prefix
 * so that the dashboard and `deno task lab` can show it without running the
 * batch again. The file is a convenience: nothing depends on it for
 * correctness.
 */
import { z } from "zod";

export const VerifyResult = z.object({
  /** ISO time the run ended. */
  at: z.string(),
  prefix: z.string(),
  expect: z.enum(["exact", "duplicates", "loss"]),
  ok: z.boolean(),
  /** Events counted twice and events lost (events per minute and enriched topic). */
  extra: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative(),
  /** Final metric records compared with their batch recomputation. */
  compared: z.number().int().nonnegative(),
  summary: z.string(),
  failures: z.array(z.string()),
  /**
   * What the batch counted in the raw topics: valid events (of which late:
   * in a window already closed), rejected records, and the allowed lateness
   * it recomputed with. Absent from results of older versions.
   */
  raw: z.object({
    valid: z.number().int().nonnegative(),
    late: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    lateness_ms: z.number().int().nonnegative(),
  }).optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

const ROOT = new URL("../", import.meta.url);

/** `.kafka/verify/<prefix or "default">.json` under the project. */
export function verifyResultPath(prefix: string): string {
  const name = (prefix.replace(/[^A-Za-z0-9_-]+/g, "_") || "default") +
    ".json";
  return new URL(`.kafka/verify/${name}`, ROOT).pathname;
}

export async function writeVerifyResult(result: VerifyResult): Promise<void> {
  const path = verifyResultPath(result.prefix);
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, JSON.stringify(result, null, 2) + "\n");
}

/** The last result for `prefix`, or null when verify never ran (or the file is not ours). */
export async function readVerifyResult(
  prefix: string,
): Promise<VerifyResult | null> {
  try {
    const text = await Deno.readTextFile(verifyResultPath(prefix));
    const parsed = VerifyResult.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
