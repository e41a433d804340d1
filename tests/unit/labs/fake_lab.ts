/** A lab and snapshots without a broker, for the pure progress and the dashboard's watchers. */
import type { Lab, Snapshot } from "../../../services/labs/model.ts";
import { ok, waiting } from "../../../services/labs/model.ts";
import type { VerifyResult } from "../../../shared/verify_result.ts";

/** A snapshot at `at` with `ends` of topic "t" and the given probes and verify result. */
export function snapshot(
  at: number,
  fields: Partial<Snapshot> = {},
): Snapshot {
  return {
    at,
    group: null,
    alerts: [],
    replication: [],
    ends: {},
    verify: null,
    probes: {},
    ...fields,
  };
}

/** Step 1: records arrive on "t" after the step began. Step 2: the probe `flag` is set. Step 3: it is cleared again. */
export const demoLab: Lab = {
  number: 1,
  id: "demo",
  title: "Demo <b>lab</b>",
  goal: "See <script>alert(1)</script> as text.",
  doc: "00-not-written.md",
  steps: [
    {
      title: "records arrive",
      doIt: ["deno task produce --events 10"],
      expect({ start, now }) {
        const added = (now.ends.t ?? 0) - (start.ends.t ?? 0);
        return added > 0
          ? ok(`${added} records <i>arrived</i>`)
          : waiting("no new records on t");
      },
      timeoutMs: { auto: 1_000, manual: 60_000 },
    },
    {
      title: "the flag is set",
      doIt: ["set the flag"],
      expect: ({ now }) =>
        now.probes.flag === true ? ok("flag set") : waiting("flag not set"),
      timeoutMs: { auto: 1_000, manual: 5_000 },
    },
    {
      title: "the flag is cleared",
      doIt: ["clear the flag"],
      expect: ({ now }) =>
        now.probes.flag !== true ? ok("flag cleared") : waiting("flag set"),
      timeoutMs: { auto: 1_000, manual: 60_000 },
    },
  ],
};

export function verifyResult(
  at: string,
  fields: Partial<VerifyResult> = {},
): VerifyResult {
  return {
    at,
    prefix: "p.",
    expect: "exact",
    ok: true,
    extra: 0,
    lost: 0,
    compared: 120,
    summary: "OK: 120 final metric records",
    failures: [],
    ...fields,
  };
}
