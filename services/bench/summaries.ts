/** The `--summary-json` files the producer and the processor write, read defensively. */
import { z } from "zod";

const positive = z.number().nonnegative();

export const ProducerSummary = z.object({
  events: positive,
  valid: positive,
  bad: positive,
  elapsed_ms: positive,
  events_per_sec: positive,
  bytes: positive,
  avg_record_bytes: positive,
  delivery_errors: positive,
});
export type ProducerSummary = z.infer<typeof ProducerSummary>;

async function readJson<T>(
  file: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  const text = await Deno.readTextFile(file);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `Cannot read the ${what} summary: ${
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ")
      } in ${text.slice(0, 500)}`,
    );
  }
  return parsed.data;
}

export function readProducerSummary(file: string): Promise<ProducerSummary> {
  return readJson(file, ProducerSummary, "producer");
}

/**
 * The processor's `--until-caught-up` summary. Only the figures the bench uses
 * are required; the rest (dead letters, enriched and metrics out) are kept as is.
 */
export const ProcessorSummary = z.looseObject({
  records_in: positive,
  elapsed_ms: positive,
  events_per_sec: positive,
  peak_rss_bytes: positive.optional(),
  /** When its run began and ended (ISO 8601): the scale stage adds instances up over these. */
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
});
export type ProcessorSummary = z.infer<typeof ProcessorSummary>;

export function readProcessorSummary(file: string): Promise<ProcessorSummary> {
  return readJson(file, ProcessorSummary, "processor");
}
