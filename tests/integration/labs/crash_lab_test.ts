import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 3 (crash and recovery) runs unattended: stall, takeover by the peer, verify exact",
  async () => {
    await runLabUnattended("crash");
  },
  180_000,
);
