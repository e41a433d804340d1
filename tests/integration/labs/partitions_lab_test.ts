import { integrationTest } from "../fixture.ts";
import { runLabUnattended } from "../lab_fixture.ts";

integrationTest(
  "lab 1 (topics, partitions and keys) runs unattended: one partition per user, then scattered by random keys",
  async () => {
    await runLabUnattended("partitions");
  },
  120_000,
);
