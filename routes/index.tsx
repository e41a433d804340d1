import type { Handlers, PageProps } from "$fresh/server.ts";
import { deadline } from "../shared/deadline.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import type { Snapshot } from "../lib/types.ts";
import type { KafkaOverview } from "../lib/kafka_types.ts";
import type { MonitorState } from "../lib/monitor_types.ts";
import Dashboard from "../islands/Dashboard.tsx";
import KafkaPanel from "../islands/KafkaPanel.tsx";
import { PageNav } from "../components/PageNav.tsx";

interface Data {
  snapshot: Snapshot;
  kafka: KafkaOverview | null;
  monitor: MonitorState;
  now: number;
}

export const handler: Handlers<Data, DashboardState> = {
  async GET(_req, ctx) {
    const { state } = ctx;
    // The page must not wait long on the admin client; the panel loads it later if needed.
    const kafka = await deadline(state.kafkaOverview(), 1_000).catch(() =>
      null
    );
    return ctx.render({
      snapshot: state.hub.snapshot(),
      kafka,
      monitor: state.monitor(),
      now: state.now(),
    });
  },
};

export default function Home({ data }: PageProps<Data, DashboardState>) {
  return (
    <main>
      <header class="top">
        <h1>
          <span class="logo">▶</span> Game store{" "}
          <small>live analytics on Kafka</small>
        </h1>
        <PageNav current="/" />
      </header>
      <Dashboard
        initial={data.snapshot}
        monitor={data.monitor}
        now={data.now}
      />
      <KafkaPanel initial={data.kafka} />
    </main>
  );
}
