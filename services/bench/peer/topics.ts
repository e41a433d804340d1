/** The peer's own output topics: ours under `<prefix>peer.`, so the two outputs never mix. */
import {
  topicNames,
  type TopicSpec,
  topicSpecs,
} from "../../../shared/topics.ts";

export interface PeerTopicNames {
  deadLetter: string;
  enriched: string;
  metrics: string;
}

function peerPrefix(prefix: string): string {
  return `${prefix}peer.`;
}

/** `<prefix>peer.store.dead-letter`, `<prefix>peer.analytics.enriched-events`, `<prefix>peer.analytics.metrics`. */
export function peerTopicNames(prefix: string): PeerTopicNames {
  const { deadLetter, enriched, metrics } = topicNames(peerPrefix(prefix));
  return { deadLetter, enriched, metrics };
}

/** The specs of our three output topics, under the peer's names. */
export function peerTopicSpecs(
  prefix: string,
  replicationFactor: number,
): TopicSpec[] {
  const names = new Set(Object.values(peerTopicNames(prefix)));
  return topicSpecs(peerPrefix(prefix), replicationFactor).filter((spec) =>
    names.has(spec.name)
  );
}
