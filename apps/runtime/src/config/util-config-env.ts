// The `ONEX_*` environment variables the kernel reads and the config key each one overrides.

/** How an environment string is turned into a config value. */
export type ConfigEnvKind = "string" | "int" | "bool";

export interface ConfigEnvBinding {
  readonly env: string;
  readonly path: readonly string[];
  readonly kind: ConfigEnvKind;
  readonly description: string;
}

/** Every `ONEX_*` variable, in the order `onex runtime start --help` lists them. */
export const CONFIG_ENV_BINDINGS: readonly ConfigEnvBinding[] = [
  { env: "ONEX_ENV", path: ["env"], kind: "string", description: "environment name, first segment of default topics (dev)" },
  { env: "ONEX_LOG_LEVEL", path: ["log_level"], kind: "string", description: "fatal|error|warn|info|debug|trace|silent (info)" },
  { env: "ONEX_HTTP_HOST", path: ["http", "host"], kind: "string", description: "hub bind address (127.0.0.1)" },
  { env: "ONEX_HTTP_PORT", path: ["http", "port"], kind: "int", description: "hub port, 0 = any free port (8085)" },
  { env: "ONEX_HTTP_BODY_LIMIT", path: ["http", "body_limit_bytes"], kind: "int", description: "largest request body in bytes (1048576)" },
  { env: "ONEX_INPUT_TOPIC", path: ["bus", "input_topic"], kind: "string", description: "command topic (<env>.onex.cmd.runtime.requests.v1)" },
  { env: "ONEX_OUTPUT_TOPIC", path: ["bus", "output_topic"], kind: "string", description: "response topic (<env>.onex.evt.runtime.responses.v1)" },
  { env: "ONEX_DLQ_TOPIC", path: ["bus", "dlq_topic"], kind: "string", description: "dead-letter topic of the input topic (<env>.onex.dlq.runtime.requests.v1)" },
  { env: "ONEX_GROUP_ID", path: ["bus", "group_id"], kind: "string", description: "consumer group (onex-runtime)" },
  { env: "ONEX_MAX_RETRIES", path: ["bus", "max_retries"], kind: "int", description: "redeliveries before the DLQ (3)" },
  { env: "ONEX_KAFKA_SESSION_TIMEOUT_MS", path: ["bus", "session_timeout_ms"], kind: "int", description: "Kafka consumer session timeout (30000)" },
  { env: "ONEX_CONCURRENCY", path: ["concurrency"], kind: "int", description: "input partitions processed at once; Kafka only (8)" },
  { env: "ONEX_DRAIN_TIMEOUT", path: ["drain_timeout_ms"], kind: "int", description: "graceful drain bound in ms (10000)" },
  { env: "ONEX_CONTRACTS_DIR", path: ["contracts_dir"], kind: "string", description: "folder searched for contract.yaml files (none)" },
  { env: "ONEX_DATA_DIR", path: ["data_dir"], kind: "string", description: "embedded database and local state (.onex-data)" },
  { env: "ONEX_DB_IN_MEMORY", path: ["db_in_memory"], kind: "bool", description: "keep the embedded database in memory (0)" },
  { env: "ONEX_STRICT", path: ["strict"], kind: "bool", description: "an invalid contract is fatal (0)" },
  { env: "ONEX_REGISTRATION", path: ["registration", "enabled"], kind: "bool", description: "run the node-registration workflow (1)" },
  { env: "ONEX_HEARTBEAT_TIMEOUT_MS", path: ["registration", "heartbeat_timeout_ms"], kind: "int", description: "node expiry after this long without heartbeat (90000)" },
  { env: "ONEX_TICK_INTERVAL_MS", path: ["registration", "tick_interval_ms"], kind: "int", description: "registration tick interval (a third of the heartbeat timeout)" },
  { env: "ONEX_REGISTRATION_TABLE", path: ["registration", "table"], kind: "string", description: "node projection table (onex_node_registrations)" },
];

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

/** Converts an environment string; a value that does not convert stays a string so validation names it. */
export function convertEnvValue(raw: string, kind: ConfigEnvKind): unknown {
  const text = raw.trim();
  switch (kind) {
    case "string":
      return text;
    case "int":
      return /^-?\d+$/.test(text) ? Number(text) : raw;
    case "bool": {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return raw;
    }
  }
}
