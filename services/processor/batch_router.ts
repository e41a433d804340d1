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

/** What KafkaJS reports after a batch (END_BATCH_PROCESS); batches of only transaction markers never reach eachBatch. */
export interface BatchEnd {
  topic: string;
  partition: number;
  batchSize: number;
  lastOffset: string;
  highWatermark: string;
}

/** Moves the owning task's position past a batch that held no records (only markers). */
export function routeEmptyBatch(
  end: BatchEnd,
  options: { registry: TaskRegistry; storeTopics: string[] },
) {
  const task = options.registry.get(end.partition);
  if (!task || end.batchSize > 0) return;
  const last = Number(end.lastOffset);
  const index = options.storeTopics.indexOf(end.topic);
  task.run(() =>
    index >= 0
      ? task.onRecords(index, [], Number(end.highWatermark), last)
      : task.onChangelog([], last)
  ).catch((error) => options.registry.failed(task, error));
}
