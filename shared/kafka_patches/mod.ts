/**
 * Our patches to KafkaJS, in one place: a linear per-partition grouping for
 * the producer, a send that resends every partition a dead leader left
 * unacknowledged, fast varint writers, a record encoder that writes one
 * buffer per record, and a correct `read_committed` filter.
 * They were written against one KafkaJS version and depend on its internals,
 * so {@linkcode installKafkaPatches} refuses any other version, and refuses
 * when KafkaJS was loaded before it (its modules would keep the originals).
 * Entry points install them by importing `./install.ts` first.
 */
import { createRequire } from "node:module";
import {
  filterAbortedMessages,
  KAFKAJS_FILTER_MODULE,
} from "./aborted_filter.ts";
import {
  groupMessagesPerPartition,
  KAFKAJS_GROUPING_PATH,
} from "./grouping.ts";
import {
  createSendMessages,
  KAFKAJS_SEND_MESSAGES_PATH,
} from "./send_messages.ts";
import { encodeRecord, KAFKAJS_RECORD_PATH } from "./record_encoder.ts";
import { fastVarintsInstalled, installFastVarints } from "./varint.ts";

/** The KafkaJS version the patches were written for. */
export const PATCHED_KAFKAJS_VERSION = "2.2.4";

const require = createRequire(import.meta.url);

interface CachedModule {
  exports: unknown;
}

function cache(): Record<string, CachedModule> {
  return require.cache as Record<string, CachedModule>;
}

/** Puts `exports` in the module cache at `path`, unless KafkaJS already loaded the original. */
function plant(path: string, exports: unknown) {
  const cached = cache()[path];
  if (cached) {
    if (cached.exports === exports) return;
    throw new Error(
      `Cannot install KafkaJS patches: ${path} was loaded before them; import shared/kafka_patches/install.ts before anything that imports kafkajs`,
    );
  }
  cache()[path] = {
    id: path,
    filename: path,
    loaded: true,
    exports,
    children: [],
    paths: [],
  } as CachedModule;
}

/** The version of the KafkaJS that `import "kafkajs"` loads. */
export function installedKafkaJsVersion(): string {
  return (require("kafkajs/package.json") as { version: string }).version;
}

/** Paths of the KafkaJS modules the patches replace. */
export const PATCHED_MODULES = {
  grouping: KAFKAJS_GROUPING_PATH,
  abortedFilter: require.resolve(KAFKAJS_FILTER_MODULE),
  sendMessages: KAFKAJS_SEND_MESSAGES_PATH,
  record: KAFKAJS_RECORD_PATH,
} as const;

/**
 * Installs every patch; safe to call more than once. Throws when the
 * installed KafkaJS is not {@linkcode PATCHED_KAFKAJS_VERSION} or was loaded
 * first.
 */
export function installKafkaPatches(): void {
  const version = installedKafkaJsVersion();
  if (version !== PATCHED_KAFKAJS_VERSION) {
    throw new Error(
      `Cannot install KafkaJS patches: they were written for kafkajs ${PATCHED_KAFKAJS_VERSION}, found ${version}; check each patch in shared/kafka_patches/ against the new version`,
    );
  }
  plant(PATCHED_MODULES.grouping, groupMessagesPerPartition);
  plant(PATCHED_MODULES.abortedFilter, filterAbortedMessages);
  plant(PATCHED_MODULES.sendMessages, createSendMessages);
  plant(PATCHED_MODULES.record, encodeRecord);
  installFastVarints();
}

/** True when every patch is in place (KafkaJS's modules see ours). */
export function kafkaPatchesInstalled(): boolean {
  return cache()[PATCHED_MODULES.grouping]?.exports ===
      groupMessagesPerPartition &&
    cache()[PATCHED_MODULES.abortedFilter]?.exports === filterAbortedMessages &&
    cache()[PATCHED_MODULES.sendMessages]?.exports === createSendMessages &&
    cache()[PATCHED_MODULES.record]?.exports === encodeRecord &&
    fastVarintsInstalled();
}

/** Throws unless the patches are installed: clients must never run without them. */
export function assertKafkaPatches(): void {
  if (kafkaPatchesInstalled()) return;
  throw new Error(
    "Cannot create a Kafka client: the KafkaJS patches are not installed; import shared/kafka_patches/install.ts first in the entry point",
  );
}
