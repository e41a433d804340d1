/** What the figures were measured on, recorded with every run. */
import { KAFKA_VERSION } from "../broker/files.ts";

export interface MachineInfo {
  cores: number;
  cpu: string;
  memory_gb: number;
  os: string;
  kafka_version: string;
  deno_version: string;
  java_version: string;
  /** When the run started (ISO 8601) and whether it was `--quick`. */
  measured_at: string;
  mode: "quick" | "full";
}

/** The CPU model from the text of /proc/cpuinfo, or "unknown". */
export function parseCpuModel(cpuinfo: string): string {
  const line = cpuinfo.split("\n").find((l) => /^model name\s*:/.test(l));
  return line ? line.replace(/^model name\s*:\s*/, "").trim() : "unknown";
}

/** The version out of `java -version`'s banner, or "unknown". */
export function parseJavaVersion(banner: string): string {
  return banner.match(/version "([^"]+)"/)?.[1] ?? "unknown";
}

async function javaVersion(): Promise<string> {
  try {
    const out = await new Deno.Command("java", {
      args: ["-version"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stderr) +
      new TextDecoder().decode(out.stdout);
    return parseJavaVersion(text);
  } catch {
    return "unknown";
  }
}

/** Gathers the machine's description; `now` is when the run started. */
export async function machineInfo(
  mode: MachineInfo["mode"],
  now: Date,
): Promise<MachineInfo> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const memory = Deno.systemMemoryInfo().total;
  return {
    cores: navigator.hardwareConcurrency,
    cpu: parseCpuModel(cpuinfo),
    memory_gb: Math.round((memory / 1024 ** 3) * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()} ${Deno.build.arch}`,
    kafka_version: KAFKA_VERSION,
    deno_version: Deno.version.deno,
    java_version: await javaVersion(),
    measured_at: now.toISOString(),
    mode,
  };
}
