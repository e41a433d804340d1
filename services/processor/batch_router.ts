/** Hands a fetched batch to the task that owns its partition: changelog records while it restores, store records once active. */
import type { Batch } from "kafkajs";
import type { TaskRegistry } from "./task_registry.ts";

export async function routeBatch(
  batch: Batch,
  options: { registry: TaskRegistry; changelog: string; storeTopics: string[] },
) {
  const task = options.registry.get(batch.partition);
  if (!task) return;
  try {
    if (batch.topic === options.changelog) {
      await task.run(() =>
        task.onChangelog(batch.messages, Number(batch.lastOffset()))
      );
    } else {
      const index = options.storeTopics.indexOf(batch.topic);
      await task.run(() =>
        task.onRecords(
          index,
          batch.messages,
          Number(batch.highWatermark),
          Number(batch.lastOffset()),
        )
      );
    }
  } catch (error) {
    options.registry.failed(task, error);
  }
}
