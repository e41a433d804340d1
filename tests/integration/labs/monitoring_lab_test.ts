import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 9 (monitoring) runs unattended: /metrics and Prometheus, a frozen processor raises no_members everywhere, it clears, dead letters counted",
  async () => {
    await runLabUnattended("monitoring");
  },
  180_000,
);
