// Which backend serves each role, from the environment alone: a real service when its variable is set, else the
// embedded default. Settings may hold credentials; `describeBackends()` is the only form that may be logged.
import path from "node:path";
import type { ModelRuntimeConfig } from "./model-runtime-config.js";
import type { RuntimeEnv } from "./util-load-config.js";

export type RuntimeBusBackend = { readonly kind: "kafka"; readonly brokers: readonly string[]; readonly clientId: string } | { readonly kind: "inmemory" };

export type RuntimeDatabaseBackend =
  | {
      readonly kind: "postgres";
      /** `DATABASE_URL`, or built from `POSTGRES_*`; may contain a password: never log it. */
      readonly connectionString: string;
      readonly source: "DATABASE_URL" | "POSTGRES_*";
    }
  | { readonly kind: "pglite"; /** Folder of the embedded database; null keeps it in memory. */ readonly dataDir: string | null };

export type RuntimeDiscoveryBackend = { readonly kind: "consul"; readonly address: string; readonly token: string | undefined } | { readonly kind: "inprocess" };

export type RuntimeSecretsBackend =
  | { readonly kind: "vault"; readonly address: string; readonly token: string | undefined; readonly namespace: string | undefined }
  | { readonly kind: "env" };

export type RuntimeCacheBackend = { readonly kind: "valkey"; readonly url: string } | { readonly kind: "inprocess" };

/** The backend of every role. */
export interface RuntimeBackends {
  readonly bus: RuntimeBusBackend;
  readonly database: RuntimeDatabaseBackend;
  readonly discovery: RuntimeDiscoveryBackend;
  readonly secrets: RuntimeSecretsBackend;
  readonly cache: RuntimeCacheBackend;
}

function set(env: RuntimeEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

const POSTGRES_VARS = ["POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"] as const;

function postgresFromParts(env: RuntimeEnv): string {
  const url = new URL("postgresql://localhost");
  url.hostname = set(env, "POSTGRES_HOST") ?? "127.0.0.1";
  url.port = set(env, "POSTGRES_PORT") ?? "5432";
  url.username = set(env, "POSTGRES_USER") ?? "postgres";
  const password = set(env, "POSTGRES_PASSWORD");
  if (password !== undefined) url.password = password;
  url.pathname = `/${set(env, "POSTGRES_DB") ?? "postgres"}`;
  return url.toString();
}

/**
 * Chooses the backends: Kafka when `KAFKA_BOOTSTRAP_SERVERS` is set, else the in-memory bus; PostgreSQL when
 * `DATABASE_URL` or any `POSTGRES_*` is set, else embedded PGlite (under `<data_dir>/pglite`, or in memory with
 * `db_in_memory`); Consul when `CONSUL_HTTP_ADDR`; Vault when `VAULT_ADDR`; Valkey when `VALKEY_URL`.
 */
export function selectBackends(env: RuntimeEnv, config: Pick<ModelRuntimeConfig, "data_dir" | "db_in_memory">): RuntimeBackends {
  const kafka = set(env, "KAFKA_BOOTSTRAP_SERVERS");
  const bus: RuntimeBusBackend =
    kafka === undefined
      ? { kind: "inmemory" }
      : {
          kind: "kafka",
          brokers: kafka
            .split(",")
            .map((b) => b.trim())
            .filter((b) => b !== ""),
          clientId: set(env, "KAFKA_CLIENT_ID") ?? "onex-runtime",
        };
  const databaseUrl = set(env, "DATABASE_URL");
  const database: RuntimeDatabaseBackend =
    databaseUrl !== undefined
      ? { kind: "postgres", connectionString: databaseUrl, source: "DATABASE_URL" }
      : POSTGRES_VARS.some((name) => set(env, name) !== undefined)
        ? { kind: "postgres", connectionString: postgresFromParts(env), source: "POSTGRES_*" }
        : { kind: "pglite", dataDir: config.db_in_memory ? null : path.resolve(config.data_dir, "pglite") };
  const consul = set(env, "CONSUL_HTTP_ADDR");
  const vault = set(env, "VAULT_ADDR");
  const valkey = set(env, "VALKEY_URL");
  return {
    bus,
    database,
    discovery: consul === undefined ? { kind: "inprocess" } : { kind: "consul", address: consul, token: set(env, "CONSUL_HTTP_TOKEN") },
    secrets: vault === undefined ? { kind: "env" } : { kind: "vault", address: vault, token: set(env, "VAULT_TOKEN"), namespace: set(env, "VAULT_NAMESPACE") },
    cache: valkey === undefined ? { kind: "inprocess" } : { kind: "valkey", url: valkey },
  };
}

/**
 * `host:port` of an address (`scheme://user:pass@host:port/path`, `host:port` or `host`); nothing else survives,
 * so the result is safe to log. `defaultPort` fills a missing port.
 */
export function safeHostPort(address: string, defaultPort?: number): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `tcp://${address}`;
  try {
    const url = new URL(withScheme);
    if (url.hostname === "") return "(unparseable address)";
    const port = url.port !== "" ? url.port : defaultPort === undefined ? "" : String(defaultPort);
    return port === "" ? url.hostname : `${url.hostname}:${port}`;
  } catch {
    return "(unparseable address)";
  }
}

function databaseName(connectionString: string): string {
  try {
    const name = new URL(connectionString).pathname.replace(/^\//, "");
    return name === "" ? "" : `/${decodeURIComponent(name)}`;
  } catch {
    return "";
  }
}

/** One line per role saying which backend was chosen and where it is (host and port only: no credentials). */
export function describeBackends(backends: RuntimeBackends): Record<keyof RuntimeBackends, string> {
  const { bus, database, discovery, secrets, cache } = backends;
  return {
    bus: bus.kind === "kafka" ? `kafka (${bus.brokers.map((b) => safeHostPort(b, 9092)).join(", ")})` : "inmemory (embedded)",
    database:
      database.kind === "postgres"
        ? `postgres (${safeHostPort(database.connectionString, 5432)}${databaseName(database.connectionString)}, from ${database.source})`
        : `pglite (embedded, ${database.dataDir ?? "in memory"})`,
    discovery: discovery.kind === "consul" ? `consul (${safeHostPort(discovery.address, 8500)})` : "inprocess (embedded)",
    secrets: secrets.kind === "vault" ? `vault (${safeHostPort(secrets.address, 8200)})` : "env (environment variables and files)",
    cache: cache.kind === "valkey" ? `valkey (${safeHostPort(cache.url, 6379)})` : "inprocess (embedded)",
  };
}
