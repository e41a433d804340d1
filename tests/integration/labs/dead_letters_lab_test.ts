import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 6 (dead letters) runs unattended: reasons, an outage burst, fixed records replayed and counted once",
  async () => {
    await runLabUnattended("dead-letters");
  },
  240_000,
);
