/** What `deno task dev` prints: prefixed service lines, the dashboard URL, exit notices. */
import type { ExitStatus } from "../../shared/supervisor.ts";

const RESET = "\x1b[0m";
/** Cyan, magenta, yellow, green, blue: readable on dark and light terminals. */
const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m", "\x1b[34m"];

export interface PrefixOptions {
  /** Width the label is padded to, so that the lines of all services align. */
  width: number;
  /** Index of the service, choosing its colour. */
  index: number;
  color: boolean;
}

/** `[produce]   line`, the label coloured when `color` is set. */
export function prefixLine(
  label: string,
  line: string,
  options: PrefixOptions,
): string {
  const tag = `[${label}]`.padEnd(options.width + 2);
  if (!options.color) return `${tag} ${line}`;
  return `${COLORS[options.index % COLORS.length]}${tag}${RESET} ${line}`;
}

/** The URL a browser should open for a server bound to `host:port`. */
export function dashboardUrl(host: string, port: number): string {
  // A wildcard bind answers on loopback; the wildcard itself is not browsable.
  const shown = host === "0.0.0.0" || host === "::" || host === "[::]"
    ? "localhost"
    : host;
  const bracketed = shown.includes(":") && !shown.startsWith("[")
    ? `[${shown}]`
    : shown;
  return `http://${bracketed}:${port}`;
}

/** One line saying how a service ended, and whether that was expected. */
export function describeExit(
  name: string,
  status: ExitStatus,
  stopping: boolean,
): string {
  const how = status.signal
    ? `was killed by ${status.signal}`
    : `exited with code ${status.code}`;
  if (stopping) return `${name} stopped (${how.replace(/^was /, "")})`;
  return `${name} ${how} unexpectedly; the other services keep running (Ctrl-C stops them)`;
}
