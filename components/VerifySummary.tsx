/** The last `deno task verify` run: when, what it expected, its verdict, and the events counted twice or lost. */
import type { VerifyResult } from "../shared/verify_result.ts";
import { formatInt } from "../lib/format.ts";

const EXPECT = {
  exact: "exact",
  duplicates: "--expect-duplicates",
  loss: "--expect-loss",
} as const;

export function VerifySummary({ verify }: { verify: VerifyResult | null }) {
  if (!verify) {
    return (
      <p class="verify note" data-testid="verify">
        No <code>deno task verify</code> run for this prefix yet.
      </p>
    );
  }
  const time = verify.at.slice(11, 19);
  return (
    <p
      class={`verify ${verify.ok ? "ok" : "failed"}`}
      data-testid="verify"
      title={verify.summary}
    >
      <b>{verify.ok ? "✓ verify ok" : "✗ verify failed"}</b>{" "}
      <span class="note">
        at {time} UTC ({EXPECT[verify.expect]})
      </span>{" "}
      <span class="verify-counts">
        +{formatInt(verify.extra)} counted twice · -{formatInt(verify.lost)}
        {" "}
        lost · {formatInt(verify.compared)} final records compared
      </span>
    </p>
  );
}
