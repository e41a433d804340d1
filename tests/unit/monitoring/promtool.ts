/** Debian's Prometheus binaries (`apt-get install prometheus`; .ci/run installs them when missing). */
export { PROMETHEUS_BIN } from "../../../services/labs/prometheus.ts";
export const PROMTOOL_BIN = "/usr/bin/promtool";

/** The path of `bin`, or an error that says how to install it. */
export async function requireTool(bin: string): Promise<string> {
  try {
    await Deno.stat(bin);
    return bin;
  } catch {
    throw new Error(
      `Cannot find ${bin}: install Debian's prometheus package (apt-get install -y prometheus)`,
    );
  }
}

export interface ToolResult {
  code: number;
  output: string;
}

/** Runs promtool with `args`; stdout and stderr together, as promtool splits its report between them. */
export async function promtool(...args: string[]): Promise<ToolResult> {
  const { code, stdout, stderr } = await new Deno.Command(
    await requireTool(PROMTOOL_BIN),
    { args, stdout: "piped", stderr: "piped" },
  ).output();
  const text = new TextDecoder();
  return { code, output: text.decode(stdout) + text.decode(stderr) };
}
