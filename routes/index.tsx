import type {
  Handlers,
  PageProps,
} from "../services/dashboard/runtime_types.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import type { Snapshot } from "../services/dashboard/view/types.ts";
import type { KafkaOverview } from "../services/dashboard/view/kafka_types.ts";
import type { MonitorState } from "../services/dashboard/view/monitor_types.ts";
import Dashboard from "../islands/Dashboard.tsx";
import KafkaPanel from "../islands/KafkaPanel.tsx";

interface Data {
  snapshot: Snapshot;
  kafka: KafkaOverview | null;
  monitor: MonitorState;
  now: number;
}

export const handler: Handlers<DashboardState> = {
  async GET(_req, ctx) {
    const { state } = ctx;
    // The page must not wait long on the admin client; the panel loads it later if needed.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const kafka = await Promise.race([
      state.kafkaOverview().catch(() => null),
      new Promise<null>((resolve) => timer = setTimeout(resolve, 1_000, null)),
    ]);
    clearTimeout(timer);
    return ctx.render({
      snapshot: state.hub.snapshot(),
      kafka,
      monitor: state.monitor(),
      now: state.now(),
    });
  },
};

export default function Home({ data }: PageProps<Data>) {
  return (
    <main>
      <header class="top">
        <h1>
          <span class="logo">▶</span> Game store{" "}
          <small>live analytics on Kafka</small>
        </h1>
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
