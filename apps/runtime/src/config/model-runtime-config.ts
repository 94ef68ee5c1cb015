import { z } from "zod";

/** Log levels pino understands, plus `silent`. */
export const RUNTIME_LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const TOPIC = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, { message: "must be a Kafka topic name: 1-249 letters, digits, '.', '_' or '-'" });

/** HTTP hub settings. */
export const ModelRuntimeConfigHttp = z.strictObject({
  /** Interface the hub binds to; loopback by default so nothing is exposed by accident. */
  host: z.string().min(1).default("127.0.0.1"),
  /** Port of the infrastructure hub (rulebook: 8085); 0 picks a free port. */
  port: z.number().int().min(0).max(65_535).default(8085),
  /** Largest request body accepted, in bytes. */
  body_limit_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Longest a `wait: true` submission may wait for its response, in milliseconds. */
  max_wait_ms: z.number().int().min(1).max(600_000).default(60_000),
  /** Default wait of a `wait: true` submission without `timeout_ms`. */
  default_wait_ms: z.number().int().min(1).max(600_000).default(30_000),
});
export type ModelRuntimeConfigHttp = z.infer<typeof ModelRuntimeConfigHttp>;

/** Event-bus topics and consumer settings; topics default from `env`. */
export const ModelRuntimeConfigBus = z.strictObject({
  input_topic: TOPIC.optional(),
  output_topic: TOPIC.optional(),
  dlq_topic: TOPIC.optional(),
  group_id: z.string().min(1).max(255).default("onex-runtime"),
  /** Redeliveries of a message whose processing failed before the runtime could answer it. */
  max_retries: z.number().int().min(0).max(100).default(3),
  /**
   * Kafka consumer session timeout: how long the broker waits for a silent consumer (e.g. a killed process) before
   * its partitions go to another member. Must lie within the broker's group.min/max.session.timeout.ms.
   */
  session_timeout_ms: z.number().int().min(1_000).max(3_600_000).default(30_000),
});
export type ModelRuntimeConfigBus = z.infer<typeof ModelRuntimeConfigBus>;

const TABLE = z.string().regex(/^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/, { message: "must be a table or schema.table of lower-case letters, digits and '_'" });

/** The node-registration workflow (introspection and heartbeat topics, the projection, the expiry tick). */
export const ModelRuntimeConfigRegistration = z.strictObject({
  /** Run the workflow; without it `/api/v1/nodes` lists nothing. */
  enabled: z.boolean().default(true),
  /** A node without a heartbeat for this long is expired by the tick (three missed 30-second heartbeats). */
  heartbeat_timeout_ms: z.number().int().min(10).max(86_400_000).default(90_000),
  /** How often the tick runs; null: a third of `heartbeat_timeout_ms`. */
  tick_interval_ms: z.number().int().min(1).max(86_400_000).nullable().default(null),
  /** Projection table in the runtime's database. */
  table: TABLE.default("onex_node_registrations"),
});
export type ModelRuntimeConfigRegistration = z.infer<typeof ModelRuntimeConfigRegistration>;

/**
 * The kernel configuration: `runtime_config.yaml` overlaid with `ONEX_*` environment variables (env wins).
 * Backend selection (Kafka, PostgreSQL, Consul, Vault, Valkey) comes from their own environment variables.
 */
export const ModelRuntimeConfig = z.strictObject({
  /** Deployment environment; the first segment of every default topic name. */
  env: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { message: "must be 1-32 lowercase letters, digits, '_' or '-'" })
    .default("dev"),
  log_level: z.enum(RUNTIME_LOG_LEVELS).default("info"),
  http: ModelRuntimeConfigHttp.default(ModelRuntimeConfigHttp.parse({})),
  bus: ModelRuntimeConfigBus.default(ModelRuntimeConfigBus.parse({})),
  /**
   * Partitions of the input topic processed at once (Kafka: `partitionsConsumedConcurrently`, and the partition
   * count of the topics the runtime creates). An envelope is acknowledged only once it was processed, so envelopes of
   * one partition run one after another; the in-memory bus has a single partition.
   */
  concurrency: z.number().int().min(1).max(1024).default(8),
  /** Upper bound of the graceful drain on SIGTERM/SIGINT, in milliseconds. */
  drain_timeout_ms: z.number().int().min(0).max(600_000).default(10_000),
  /** Folder searched for `contract.yaml` files; none loaded when null. */
  contracts_dir: z.string().min(1).nullable().default(null),
  /** Folder of the embedded database and other local state. */
  data_dir: z.string().min(1).default(".onex-data"),
  /** Keep the embedded database in memory instead of under `data_dir`. */
  db_in_memory: z.boolean().default(false),
  /** Treat an invalid contract as fatal instead of skipping it. */
  strict: z.boolean().default(false),
  /** Dead-letter entries kept for the hub's DLQ view. */
  dlq_max_entries: z.number().int().min(1).max(100_000).default(1000),
  /** Responses awaited at once by `wait: true` submissions. */
  max_waiters: z.number().int().min(1).max(1_000_000).default(10_000),
  registration: ModelRuntimeConfigRegistration.default(ModelRuntimeConfigRegistration.parse({})),
  /** Per-handler settings passed to `initialize()`, by handler type (`db`, `http`, ...). */
  handlers: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});
export type ModelRuntimeConfig = z.infer<typeof ModelRuntimeConfig>;
export type ModelRuntimeConfigInput = z.input<typeof ModelRuntimeConfig>;
