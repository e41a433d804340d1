/**
 * What `--fix` repairs in a dead letter: numbers sent as strings, the one
 * kind of damage that loses nothing ("19.99" for 19.99). Pure.
 */
import { StoreEvent } from "../../shared/schemas/events.ts";

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Numeric strings in the fields where the schema wants numbers. */
const NUMBER_FIELDS = new Set(["price", "total", "results_count"]);

function repairValue(value: unknown, field: string): unknown {
  if (Array.isArray(value)) return value.map((v) => repairValue(v, field));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, repairValue(v, k)]),
    );
  }
  if (
    typeof value === "string" && NUMBER_FIELDS.has(field) && NUMERIC.test(value)
  ) {
    return Number(value);
  }
  return value;
}

export type Repair =
  | { ok: true; value: string; changed: boolean }
  | { ok: false; reason: string };

/** The record repaired and valid, or why it cannot be. */
export function repairRecord(bytes: Uint8Array | null): Repair {
  if (bytes === null) return { ok: false, reason: "no value" };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const repaired = repairValue(json, "");
  const parsed = StoreEvent.safeParse(repaired);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues[0]?.message ?? "invalid" };
  }
  const value = JSON.stringify(repaired);
  return { ok: true, value, changed: value !== JSON.stringify(json) };
}
