/**
 * The secured listener's material in `.kafka/secrets/`, made once with the
 * JDK's keytool (Java is needed for the broker anyway): a local CA, a broker
 * certificate it signed for localhost and 127.0.0.1, and a SCRAM user.
 */
import { run } from "./process.ts";

export interface Secrets {
  dir: string;
  /** PEM of the CA: what clients trust (KAFKA_SSL_CA_FILE). */
  caFile: string;
  keystore: string;
  keystorePassword: string;
  username: string;
  password: string;
}

/** The user the secured broker is formatted with. */
export const SCRAM_USER = "playground";

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/[^A-Za-z0-9]/g, "x");
}

async function keytool(args: string[]) {
  const result = await run("keytool", args);
  if (!result.ok) {
    throw new Error(
      `Cannot make certificates: keytool ${args[0]} failed: ${result.output}`,
    );
  }
}

/** Reads the secrets, making them first if `.kafka/secrets/` is empty. */
/** keytool's arguments for a new 2048-bit RSA key pair, valid 825 days. */
function keyPair(alias: string, dname: string, keystore: string): string[] {
  return [
    "-genkeypair",
    "-alias",
    alias,
    "-keyalg",
    "RSA",
    "-keysize",
    "2048",
    "-validity",
    "825",
    "-dname",
    dname,
    "-keystore",
    keystore,
  ];
}

export async function ensureSecrets(kafkaRoot: string): Promise<Secrets> {
  const dir = `${kafkaRoot}/secrets`;
  const file = `${dir}/secrets.json`;
  try {
    return JSON.parse(await Deno.readTextFile(file)) as Secrets;
  } catch { /* first secured start */ }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const secrets: Secrets = {
    dir,
    caFile: `${dir}/ca.crt`,
    keystore: `${dir}/broker.p12`,
    keystorePassword: randomSecret(),
    username: SCRAM_USER,
    password: randomSecret(),
  };
  const caStore = `${dir}/ca.p12`;
  const pass = secrets.keystorePassword;
  const common = ["-storetype", "PKCS12", "-storepass", pass];
  await keytool([
    ...keyPair("ca", "CN=Kafka Analytics Playground local CA", caStore),
    "-ext",
    "bc:c",
    ...common,
  ]);
  await keytool([
    "-exportcert",
    "-rfc",
    "-alias",
    "ca",
    "-keystore",
    caStore,
    "-file",
    secrets.caFile,
    ...common,
  ]);
  await keytool([
    ...keyPair("broker", "CN=localhost", secrets.keystore),
    ...common,
  ]);
  const csr = `${dir}/broker.csr`;
  const signed = `${dir}/broker.crt`;
  await keytool([
    "-certreq",
    "-alias",
    "broker",
    "-keystore",
    secrets.keystore,
    "-file",
    csr,
    ...common,
  ]);
  await keytool([
    "-gencert",
    "-alias",
    "ca",
    "-keystore",
    caStore,
    "-infile",
    csr,
    "-outfile",
    signed,
    "-rfc",
    "-validity",
    "825",
    // Clients check the name they dialled against these.
    "-ext",
    "SAN=dns:localhost,ip:127.0.0.1",
    "-ext",
    "EKU=serverAuth",
    ...common,
  ]);
  // The chain must be imported CA first, then the signed certificate on the key.
  await keytool([
    "-importcert",
    "-noprompt",
    "-alias",
    "ca",
    "-file",
    secrets.caFile,
    "-keystore",
    secrets.keystore,
    ...common,
  ]);
  await keytool([
    "-importcert",
    "-alias",
    "broker",
    "-file",
    signed,
    "-keystore",
    secrets.keystore,
    ...common,
  ]);
  await Deno.remove(csr).catch(() => {});
  await Deno.writeTextFile(file, JSON.stringify(secrets, null, 2) + "\n", {
    mode: 0o600,
  });
  return secrets;
}

/** `--add-scram` for the storage format: the user exists before the first client connects. */
export function scramArgument(secrets: Secrets): string {
  return `SCRAM-SHA-512=[name=${secrets.username},password=${secrets.password}]`;
}

/** The environment a client needs for the secured cluster, one `export` a line. */
export function clientEnvironment(
  secrets: Secrets,
  brokers: string[],
): string[] {
  return [
    `export KAFKA_BROKERS=${brokers.join(",")}`,
    "export KAFKA_SSL=true",
    `export KAFKA_SSL_CA_FILE=${secrets.caFile}`,
    "export KAFKA_SASL_MECHANISM=scram-sha-512",
    `export KAFKA_SASL_USERNAME=${secrets.username}`,
    `export KAFKA_SASL_PASSWORD=${secrets.password}`,
  ];
}
