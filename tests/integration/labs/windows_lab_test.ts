import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 7 (windows and late data) runs unattended: late at 30 s, in their windows at 5 min",
  async () => {
    await runLabUnattended("windows");
  },
  240_000,
);
