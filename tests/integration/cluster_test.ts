/**
 * Every test that starts a three-broker cluster of its own, in one file:
 * test files run side by side with --parallel, and two clusters (eight JVMs
 * with the shared broker) on two cores starve each other into timeouts.
 * Tests within a file run one after another.
 */
import "./cluster_failover.ts";
import "./cluster_quorum.ts";
import "./labs/replication_lab.ts";
