/** The shapes of the dead-letter page and `GET /api/dead-letters`. */
import type { RecordView } from "../shared/record_text.ts";

export interface DeadLetterView {
  record: RecordView;
  reason: string;
  detail: string;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
}

export interface ReasonSeries {
  reason: string;
  total: number;
  /** Dead letters per minute (by record timestamp), oldest first. */
  points: { t: number; v: number }[];
}

export interface DeadLettersView {
  topic: string;
  /** Newest first. */
  latest: DeadLetterView[];
  reasons: ReasonSeries[];
  /** Dead letters read for the counts (the newest ones, bounded). */
  scanned: number;
  error: string | null;
}
