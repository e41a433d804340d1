import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 5 (delivery semantics) runs unattended: exact, then duplicates, then loss",
  async () => {
    await runLabUnattended("semantics");
  },
  240_000,
);
