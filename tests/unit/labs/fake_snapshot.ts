/** Snapshots for the labs' pure checks: what the broker would show, made by hand. */
import type { Snapshot } from "../../../services/labs/model.ts";
import type { VerifyResult } from "../../../shared/verify_result.ts";

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    at: 1_000_000,
    group: null,
    alerts: [],
    replication: [],
    ends: {},
    verify: null,
    probes: {},
    ...overrides,
  };
}

export function verifyResult(
  overrides: Partial<VerifyResult> = {},
): VerifyResult {
  return {
    at: new Date(2_000_000).toISOString(),
    prefix: "t.",
    expect: "exact",
    ok: true,
    extra: 0,
    lost: 0,
    compared: 100,
    summary: "",
    failures: [],
    ...overrides,
  };
}
