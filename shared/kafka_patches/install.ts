/**
 * Installs the KafkaJS patches. An entry point (a service's `main.ts`, a test)
 * imports this before any module that imports "kafkajs": ES modules run their
 * imports first, so a call in the entry point's own body would come too late.
 */
import { installKafkaPatches } from "./mod.ts";

installKafkaPatches();
