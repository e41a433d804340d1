/** Where a task's pumped records go: dead letters and enriched events, unless already written before an offset change. */
import { alreadyWritten, noteEvent, type Replay } from "./offset_reset.ts";
import type { PumpSink } from "./pump.ts";
import type { TaskEmitter } from "./task_emitter.ts";
import type { TaskOutputs } from "./task_outputs.ts";

export interface SinkTarget {
  topics: string[];
  outputs: TaskOutputs;
  emitter: TaskEmitter;
  replay(): Replay | null;
  now(): number;
}

/** The task whose `lastTaken` (the suspect if a commit fails) the sink keeps. */
export interface SinkOwner {
  readonly index: number;
  lastTaken: { topicIndex: number; offset: number } | null;
}

export function taskSink(owner: SinkOwner, target: SinkTarget): PumpSink {
  const { outputs, emitter } = target;
  const taken = (topicIndex: number, offset: number) =>
    owner.lastTaken = { topicIndex, offset };
  return {
    deadLetter(topicIndex, record, verdict) {
      taken(topicIndex, record.offset);
      if (alreadyWritten(target.replay(), topicIndex, record.offset)) return;
      emitter.health.deadLetters++;
      outputs.deadLetter(
        {
          topic: target.topics[topicIndex],
          partition: owner.index,
          offset: record.offset,
          key: record.key,
          value: record.value,
          replays: record.replays,
        },
        verdict,
        target.now(),
      );
    },
    event(topicIndex, record, verdict, late) {
      taken(topicIndex, record.offset);
      noteEvent(target.replay(), verdict.time);
      if (alreadyWritten(target.replay(), topicIndex, record.offset)) return;
      if (late) emitter.countLate();
      outputs.enriched(verdict.event);
    },
    closed: (windows) => emitter.closed(windows, target.now()),
  };
}
