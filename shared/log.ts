/** Structured one-line logs, filtered by the configured level. */
import type { LogLevel } from "./config.ts";

const RANK: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(name: string): Logger;
  readonly level: LogLevel;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") {
    return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Renders `level name message key=value ...` as one line (logfmt-style values). */
export function formatLine(
  level: Exclude<LogLevel, "silent">,
  name: string,
  message: string,
  fields: Fields = {},
  now = new Date(),
): string {
  const parts = [
    now.toISOString(),
    level.toUpperCase().padEnd(5),
    `[${name}]`,
    message,
  ];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(" ");
}

/**
 * Makes a logger writing to stderr (errors and warnings) or stdout. Tests pass
 * `LOG_LEVEL=silent` or a higher level to keep output quiet.
 */
export function createLogger(name: string, level: LogLevel = "info"): Logger {
  const threshold = RANK[level];
  const write = (lvl: Exclude<LogLevel, "silent">) =>
  (
    message: string,
    fields?: Fields,
  ) => {
    if (RANK[lvl] < threshold) return;
    const line = formatLine(lvl, name, message, fields);
    if (lvl === "error" || lvl === "warn") console.error(line);
    else console.log(line);
  };
  return {
    level,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (child) => createLogger(`${name}.${child}`, level),
  };
}
