/**
 * KafkaJS's own logs for the processor, with its routine noise downgraded to
 * debug: pause/resume chatter and the retried CONCURRENT_TRANSACTIONS answer
 * a coordinator gives while it finishes the previous transaction, and the
 * changelog creation race of an instance's workers.
 */
import type { Fields, Logger } from "../../shared/log.ts";

const ROUTINE = [
  /Resuming fetching|Pausing fetching/,
  /concurrent operation on the same transaction/,
  /consumer not running, exiting/,
  // Workers of one instance race to create the changelog; the loser's
  // TOPIC_ALREADY_EXISTS is logged here, and a real failure throws anyway.
  /Response CreateTopics.* Topic creation errors/,
];

export function quietKafkaLogger(base: Logger): Logger {
  const routine = (message: string, fields?: Fields) =>
    ROUTINE.some((re) => re.test(`${message} ${fields?.error ?? ""}`));
  const wrap =
    (level: "info" | "warn" | "error") => (message: string, fields?: Fields) =>
      routine(message, fields)
        ? base.debug(message, fields)
        : base[level](message, fields);
  return {
    level: base.level,
    debug: base.debug,
    info: wrap("info"),
    warn: wrap("warn"),
    error: wrap("error"),
    child: (name) => quietKafkaLogger(base.child(name)),
  };
}
