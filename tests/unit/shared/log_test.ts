import assert from "node:assert/strict";
import { createLogger, formatLine } from "../../../shared/log.ts";

const NOW = new Date("2026-11-22T20:15:00.123Z");

Deno.test("formatLine() writes time, padded level, name and message on one line", () => {
  assert.equal(
    formatLine("info", "producer", "started", {}, NOW),
    "2026-11-22T20:15:00.123Z INFO  [producer] started",
  );
  assert.equal(
    formatLine("error", "p", "x", {}, NOW),
    "2026-11-22T20:15:00.123Z ERROR [p] x",
  );
});

Deno.test("formatLine() renders fields as key=value, quoting only when needed", () => {
  const line = formatLine("warn", "proc", "lagging", {
    topic: "store.purchases",
    partition: 2,
    reason: "too slow",
    quote: 'say "hi"',
    empty: "",
    ok: true,
    nothing: null,
    skipped: undefined,
    offsets: { a: 1 },
  }, NOW);
  assert.equal(
    line,
    '2026-11-22T20:15:00.123Z WARN  [proc] lagging topic=store.purchases partition=2 reason="too slow" quote="say \\"hi\\"" empty="" ok=true nothing=null offsets={"a":1}',
  );
});

Deno.test("formatLine() keeps a multi-line value on one line", () => {
  const line = formatLine("info", "n", "m", { text: "a\nb" }, NOW);
  assert.equal(line.includes("\n"), false);
  assert.ok(line.endsWith('text="a\\nb"'));
});

Deno.test("formatLine() shows an error by its message", () => {
  const line = formatLine("error", "n", "failed", {
    error: new Error("boom now"),
  }, NOW);
  assert.ok(line.endsWith('error="boom now"'), line);
});

function capture(fn: () => void): { out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => out.push(line);
  console.error = (line: string) => err.push(line);
  try {
    fn();
  } finally {
    console.log = log;
    console.error = error;
  }
  return { out, err };
}

Deno.test("createLogger() drops lines below its level", () => {
  const { out, err } = capture(() => {
    const logger = createLogger("svc", "warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
  });
  assert.equal(out.length, 0);
  assert.equal(err.length, 2);
  assert.match(err[0], /WARN {2}\[svc\] w$/);
  assert.match(err[1], /ERROR \[svc\] e$/);
});

Deno.test("createLogger() writes info and debug to stdout", () => {
  const { out, err } = capture(() => {
    const logger = createLogger("svc", "debug");
    logger.debug("d", { n: 1 });
    logger.info("i");
  });
  assert.equal(err.length, 0);
  assert.match(out[0], /DEBUG \[svc\] d n=1$/);
  assert.match(out[1], /INFO {2}\[svc\] i$/);
});

Deno.test("createLogger() silent writes nothing, even errors", () => {
  const { out, err } = capture(() => createLogger("svc", "silent").error("e"));
  assert.equal(out.length + err.length, 0);
});

Deno.test("createLogger().child() nests the name and keeps the level", () => {
  const { out } = capture(() => {
    const child = createLogger("processor", "info").child("windows");
    assert.equal(child.level, "info");
    child.debug("hidden");
    child.info("closed");
  });
  assert.equal(out.length, 1);
  assert.match(out[0], /\[processor\.windows\] closed$/);
});
