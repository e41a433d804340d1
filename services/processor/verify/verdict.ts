/**
 * What `verify` concludes: exact, or, for the delivery-semantics drill, the
 * expected kind of error (events counted twice, or lost) and nothing else.
 * Pure.
 */
import type { MetricComparison } from "./compare.ts";

export type Expectation = "exact" | "duplicates" | "loss";

export interface VerdictInput {
  rows: MetricComparison[];
  /** Enriched records on the topic, and valid input events. */
  enriched: number;
  valid: number;
  deadLettersOk: boolean;
  invalidMetrics: number;
  expect: Expectation;
}

export interface Verdict {
  failures: string[];
  /** Events counted twice, and events lost. */
  extra: number;
  lost: number;
  /** How far the stream is from the batch, in words. */
  summary: string;
}

export function verdict(input: VerdictInput): Verdict {
  const { rows, enriched, valid, expect } = input;
  const events = rows.find((r) => r.metric === "events_per_minute");
  // The same events show in both places: the larger count is how many.
  const extra = Math.max(events?.extra ?? 0, enriched - valid, 0);
  const lost = Math.max(events?.lost ?? 0, valid - enriched, 0);
  const summary = `events per minute: +${
    events?.extra ?? 0
  } events counted twice, -${events?.lost ?? 0} events lost; enriched topic: ${
    enriched - valid >= 0 ? "+" : ""
  }${enriched - valid} against the valid input`;
  const failures: string[] = [];
  if (rows.every((r) => r.compared === 0)) {
    failures.push("no closed windows to compare");
  }
  if (!input.deadLettersOk) failures.push("dead letters");
  if (input.invalidMetrics > 0) failures.push("invalid metric records");
  if (expect === "exact") {
    for (const r of rows) {
      if (r.different + r.missing + r.unexpected > 0) failures.push(r.metric);
    }
    if (enriched !== valid) {
      failures.push(`enriched count ${enriched} != ${valid}`);
    }
  } else if (expect === "duplicates") {
    if (extra === 0) failures.push("expected duplicates, found none");
    if (lost > 0) failures.push(`expected no loss, found ${lost} events lost`);
  } else {
    if (lost === 0) failures.push("expected loss, found none");
    if (extra > 0) {
      failures.push(`expected no duplicates, found ${extra} counted twice`);
    }
  }
  return { failures, summary, extra, lost };
}
