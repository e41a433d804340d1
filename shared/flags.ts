/**
 * The command-line flags of every `deno task`: one tokenizer, so that each
 * task answers `--help` and a bad flag the same way, with sentences instead
 * of `node:util` parseArgs's raw errors.
 */

/** A command line a task cannot run with; its main prints it with the usage and exits 2. */
export class UsageError extends TypeError {
  override name = "UsageError";
}

/**
 * The error for a flag's bad value, in the one wording every task uses:
 * `Invalid --speed: expected a number above 0 (got "-1")`. (An unknown flag
 * reads `Invalid flag --colour: expected one of ...`.)
 */
export function invalidFlag(
  name: string,
  expected: string,
  got: string,
): UsageError {
  const value = got === "" ? "nothing" : `"${got}"`;
  return new UsageError(
    `Invalid --${name}: expected ${expected} (got ${value})`,
  );
}

export interface FlagSpec<S extends string, B extends string> {
  /** Flags that take a value (`--rate 50` or `--rate=50`), without the dashes. */
  strings?: readonly S[];
  /** Flags that take none (`--quick`), without the dashes. `help` is always one. */
  booleans?: readonly B[];
  /** Positional arguments allowed before or between the flags. @default 0 */
  positionals?: number;
}

export interface ParsedFlags<S extends string, B extends string> {
  /**
   * The value of each flag given: a string for a value flag, `true` for a
   * boolean one. A value flag given without a value reads as `""`, so that
   * the caller's check names the flag and what it expects.
   */
  values: Partial<Record<S, string> & Record<B, true>>;
  positionals: string[];
  /** `--help` or `-h` was given. */
  help: boolean;
}

function known(spec: FlagSpec<string, string>): string {
  const names = [...spec.strings ?? [], ...spec.booleans ?? [], "help"];
  return names.map((n) => `--${n}`).join(", ");
}

/**
 * Splits `args` into flags and positionals. A value may start with a dash
 * (`--speed -1` hands "-1" to the caller's check, which then says what the
 * flag expects). Throws a {@linkcode UsageError} naming an unknown flag, a
 * value given to a boolean flag, or an unexpected positional argument.
 *
 * @example
 * ```ts
 * const { values } = parseFlags(["--rate=5", "--quick"], {
 *   strings: ["rate"],
 *   booleans: ["quick"],
 * });
 * // values: { rate: "5", quick: true }
 * ```
 */
export function parseFlags<S extends string = never, B extends string = never>(
  args: readonly string[],
  spec: FlagSpec<S, B>,
): ParsedFlags<S, B> {
  const strings = new Set<string>(spec.strings ?? []);
  const booleans = new Set<string>([...spec.booleans ?? [], "help"]);
  const values: Record<string, string | true> = {};
  const parsed = { values, positionals: [] as string[], help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h") {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      if (parsed.positionals.length >= (spec.positionals ?? 0)) {
        throw new UsageError(
          `Invalid argument "${arg}": expected only the flags ${known(spec)}`,
        );
      }
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    if (booleans.has(name)) {
      if (inline !== undefined) {
        throw invalidFlag(name, "no value", inline);
      }
      if (name === "help") parsed.help = true;
      else values[name] = true;
    } else if (strings.has(name)) {
      // A following flag is not taken as the value: `--out --quick` misses one.
      const next = args[i + 1];
      const value = inline ??
        (next === undefined || next.startsWith("--") ? "" : args[++i]);
      values[name] = value;
    } else {
      throw new UsageError(
        `Invalid flag --${name}: expected one of ${known(spec)}`,
      );
    }
  }
  return parsed as ParsedFlags<S, B>;
}

/**
 * Runs a task's flag parser the way every `main.ts` wants it: on `--help`
 * prints `usage` and exits 0, on a {@linkcode UsageError} prints the message
 * and `usage` and exits 2, before the task does anything.
 */
export function parseOrExit<T extends { help: boolean }>(
  parse: (args: string[]) => T,
  usage: string,
  args: string[] = Deno.args,
): T {
  let options: T;
  try {
    options = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    Deno.exit(2);
  }
  if (options.help) {
    console.log(usage);
    Deno.exit(0);
  }
  return options;
}
