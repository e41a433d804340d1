/** The Docker path of the launcher: `docker compose` with the project's docker-compose.yml. */
import type { BrokerPaths } from "./files.ts";
import { run } from "./process.ts";

/** True when a Docker engine (not only the client) answers. */
export async function dockerEngineAnswers(): Promise<boolean> {
  const result = await run("docker", [
    "info",
    "--format",
    "{{.ServerVersion}}",
  ]);
  return result.ok && result.output.trim().length > 0;
}

/** `docker compose up -d --wait` in the project root. */
export async function startWithDocker(
  projectRoot: string,
  say: (line: string) => void,
) {
  say("Starting Kafka with docker compose (docker-compose.yml)");
  const result = await run("docker", ["compose", "up", "-d", "--wait"], {
    cwd: projectRoot,
  });
  if (!result.ok) {
    throw new Error(
      `Cannot start broker: docker compose failed:\n${result.output}`,
    );
  }
}

/** Stops the compose services, if `kafka` started them (a marker file says so). */
export async function stopDocker(
  root: string,
  paths: BrokerPaths,
): Promise<"stopped" | "not-running"> {
  try {
    await Deno.stat(paths.dockerMarker);
  } catch {
    return "not-running";
  }
  const result = await run("docker", ["compose", "stop"], { cwd: root });
  if (!result.ok) {
    throw new Error(
      `Cannot stop broker: docker compose failed:\n${result.output}`,
    );
  }
  await Deno.remove(paths.dockerMarker).catch(() => {});
  return "stopped";
}
