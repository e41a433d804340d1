import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 4 (offsets) runs unattended: back to the earliest and to a time, caught up again, verify exact each time",
  async () => {
    await runLabUnattended("offsets");
  },
  180_000,
);
