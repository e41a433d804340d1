import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";
import { checkAccess } from "../../services/dashboard/access.ts";
import {
  type BrowseForm,
  browseHref,
  formatCursor,
  parseBrowseQuery,
} from "../../services/dashboard/browse_query.ts";
import { type RecordView, recordView } from "../../shared/record_text.ts";
import { PageNav } from "../../components/PageNav.tsx";
import { RecordRows } from "../../components/RecordRows.tsx";
import LiveTail from "../../islands/LiveTail.tsx";

interface Data {
  topic: string;
  form: BrowseForm;
  error: string | null;
  records: RecordView[];
  markers: { partition: number; offset: string; type: string }[];
  scanned: number;
  stoppedBy: string;
  partitions: { partition: number; low: string; high: string }[];
  older: string | null;
  newer: string | null;
  tailUrl: string;
}

const FORM_DEFAULTS = parseBrowseQuery(new URLSearchParams()).form;

/** `/topics/:topic`: a page of records, newest first, read without a consumer group. */
export const handler: Handlers<Data, DashboardState> = {
  async GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    const topic = ctx.params.topic;
    const base: Data = {
      topic,
      form: FORM_DEFAULTS,
      error: null,
      records: [],
      markers: [],
      scanned: 0,
      stoppedBy: "end",
      partitions: [],
      older: null,
      newer: null,
      tailUrl: "",
    };
    let query;
    try {
      query = parseBrowseQuery(ctx.url.searchParams);
    } catch (error) {
      return ctx.render({ ...base, error: (error as Error).message }, {
        status: 400,
      });
    }
    const tail = new URLSearchParams({ isolation: query.form.isolation });
    for (const name of ["partition", "key", "q"] as const) {
      if (query.form[name]) tail.set(name, query.form[name]);
    }
    const data = {
      ...base,
      form: query.form,
      tailUrl: `/api/topics/${encodeURIComponent(topic)}/tail?${tail}`,
    };
    try {
      const page = await ctx.state.pages.read(topic, query);
      const cursor = (pick: "next" | "previous") =>
        formatCursor(
          new Map(page.partitions.map((p) => [p.partition, p[pick]])),
        );
      const atStart = page.partitions.every((p) => p.start <= p.low);
      const atEnd = page.partitions.every((p) => p.next >= p.high);
      return ctx.render({
        ...data,
        records: page.records.map(recordView),
        markers: page.markers.map((m) => ({
          partition: m.partition,
          offset: String(m.offset),
          type: m.control ?? "",
        })),
        scanned: page.scanned,
        stoppedBy: page.stoppedBy,
        partitions: page.partitions.map((p) => ({
          partition: p.partition,
          low: String(p.low),
          high: String(p.high),
        })),
        older: atStart ? null : browseHref(topic, query.form, {
          from: "cursor",
          cursor: cursor("previous"),
        }),
        newer: atEnd ? null : browseHref(topic, query.form, {
          from: "cursor",
          cursor: cursor("next"),
        }),
      });
    } catch (error) {
      return ctx.render({
        ...data,
        error: `Cannot read ${topic}: ${(error as Error).message}`,
      }, { status: error instanceof RangeError ? 400 : 503 });
    }
  },
};

function Field(
  { label, children }: { label: string; children: preact.ComponentChildren },
) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export default function TopicPage({ data }: PageProps<Data, DashboardState>) {
  const { form } = data;
  return (
    <main class="browse">
      <header class="top">
        <h1>
          <span class="logo">▶</span> {data.topic}{" "}
          <small>message browser (read-only, no consumer group)</small>
        </h1>
        <PageNav current="/topics" />
      </header>
      <form method="get" class="card browse-form">
        <Field label="partition">
          <input name="partition" value={form.partition} size={4} />
        </Field>
        <Field label="start at">
          <select name="from">
            {[
              ["latest", "end minus N"],
              ["earliest", "the beginning"],
              ["offset", "an offset"],
              ["time", "a time (UTC)"],
            ].map(([value, label]) => (
              <option key={value} value={value} selected={form.from === value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="N">
          <input name="n" value={form.n} size={6} />
        </Field>
        <Field label="offset">
          <input name="offset" value={form.offset} size={8} />
        </Field>
        <Field label="time">
          <input
            name="time"
            value={form.time}
            placeholder="2026-11-22T20:15:00Z"
          />
        </Field>
        <Field label="per page">
          <input name="limit" value={form.limit} size={4} />
        </Field>
        <Field label="key is">
          <input name="key" value={form.key} />
        </Field>
        <Field label="value contains">
          <input name="q" value={form.q} />
        </Field>
        <Field label="isolation">
          <select name="isolation">
            {["read_committed", "read_uncommitted"].map((value) => (
              <option
                key={value}
                value={value}
                selected={form.isolation === value}
              >
                {value}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Read</button>
      </form>
      {data.error ? <p class="error" role="alert">{data.error}</p> : null}
      <section class="card">
        <header class="card-head">
          <h2>Records</h2>
          <p class="note" data-testid="scan-summary">
            {data.records.length} shown, {data.scanned} scanned
            {data.stoppedBy === "max_scan"
              ? " (scan limit reached: narrow the range)"
              : data.stoppedBy === "deadline"
              ? " (time limit reached: narrow the range)"
              : ""}
            {form.key || form.q
              ? ` · filtered by ${form.key ? `key "${form.key}"` : ""}${
                form.key && form.q ? " and " : ""
              }${form.q ? `value containing "${form.q}"` : ""}`
              : ""}
          </p>
        </header>
        <p class="partitions">
          {data.partitions.map((p) => (
            <span key={p.partition}>
              p{p.partition}: offsets {p.low}–{p.high}
              {" "}
            </span>
          ))}
        </p>
        <nav class="paging">
          {data.newer ? <a href={data.newer}>← newer</a> : <span>← newer</span>}
          {data.older ? <a href={data.older}>older →</a> : <span>older →</span>}
        </nav>
        <RecordRows records={data.records} />
        {data.markers.length > 0
          ? (
            <p class="markers">
              Transaction markers (they take an offset but hold no record):{" "}
              {data.markers.slice(0, 50).map((m) =>
                `p${m.partition}@${m.offset} ${m.type}`
              ).join(", ")}
            </p>
          )
          : null}
      </section>
      {data.tailUrl ? <LiveTail streamUrl={data.tailUrl} /> : null}
    </main>
  );
}
