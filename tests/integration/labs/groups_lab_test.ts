import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 2 (consumer groups) runs unattended: tasks move to each new member, a fourth idles, a stopped member's task moves to it",
  async () => {
    await runLabUnattended("groups");
  },
  150_000,
);
