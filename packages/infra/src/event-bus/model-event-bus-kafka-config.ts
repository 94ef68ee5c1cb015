// Settings of EventBusKafka. Credentials (ssl keys, sasl passwords) only ever reach kafkajs: they are never logged,
// never put into an error and never returned by health().
import { z } from "zod";

/** The minimal logger EventBusKafka writes to (pino-compatible: `logger.warn({ topic }, "message")`). */
export interface EventBusKafkaLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything: the default. */
export const SILENT_EVENT_BUS_LOGGER: EventBusKafkaLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

function isLogger(value: unknown): value is EventBusKafkaLogger {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.info === "function" && typeof candidate.warn === "function" && typeof candidate.error === "function";
}

const BROKER = /^[^\s:/]+:\d{1,5}$/;
const positiveMs = z.number().int().min(1);

const SslOptions = z.union([
  z.boolean(),
  z.object({
    rejectUnauthorized: z.boolean().optional(),
    ca: z.union([z.string(), z.array(z.string())]).optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    passphrase: z.string().optional(),
    servername: z.string().optional(),
  }),
]);

const SaslOptions = z.object({
  mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
  username: z.string().min(1),
  password: z.string().min(1),
});

const PublishOptions = z.object({
  /** Retries of a failed produce request after the first attempt (only retryable failures). */
  maxRetries: z.number().int().min(0).default(3),
  initialDelayMs: z.number().int().min(0).default(100),
  maxDelayMs: z.number().int().min(0).default(2_000),
  /** Broker-side acknowledgement timeout of one produce request (acks=all). */
  timeoutMs: positiveMs.default(30_000),
  /** Concurrent publishes are coalesced into one produce request of at most this many messages... */
  maxBatchMessages: z.number().int().min(1).default(1_000),
  /** ...and about this many bytes of values. */
  maxBatchBytes: z.number().int().min(1_024).default(512 * 1024),
  /** Publishes waiting for the producer beyond this are refused at once (backpressure). */
  maxQueuedMessages: z.number().int().min(1).default(100_000),
});

const ClientRetryOptions = z.object({
  retries: z.number().int().min(0).default(5),
  initialRetryTimeMs: z.number().int().min(1).default(300),
  maxRetryTimeMs: z.number().int().min(1).default(5_000),
});

const BreakerOptions = z.object({
  failureThreshold: z.number().int().min(1).default(5),
  resetTimeoutMs: z.number().int().min(0).default(30_000),
  halfOpenMaxCalls: z.number().int().min(1).default(1),
});

/**
 * Configuration of {@link EventBusKafka}. Every field but `brokers` has a default; nested objects may be given
 * partially.
 */
export const ModelEventBusKafkaConfig = z.object({
  /** Bootstrap brokers, `host:port`. */
  brokers: z.array(z.string().regex(BROKER, { message: "must be host:port" })).min(1),
  clientId: z.string().min(1).max(249).default("onex-event-bus"),
  /** Deployment environment (`dev`, `prod`...), reported by health() and put into log lines. */
  env: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default("dev"),
  /** Prepended (with a dot) to every consumer group id when set. */
  groupIdPrefix: z.string().min(1).optional(),
  ssl: SslOptions.optional(),
  sasl: SaslOptions.optional(),
  /** Create missing topics (and dead-letter topics) through the admin client before first use. */
  createTopics: z.boolean().default(false),
  numPartitions: z.number().int().min(1).default(3),
  replicationFactor: z.number().int().min(1).default(1),
  /** Handler retries before the DLQ when a subscription does not say; absent: each envelope's `max_retries`. */
  maxRetries: z.number().int().min(0).optional(),
  /** Backoff between handler retries (full jitter, exponential). */
  retryInitialDelayMs: z.number().int().min(0).default(100),
  retryMaxDelayMs: z.number().int().min(0).default(5_000),
  /** Dead-letter topic when a subscription does not say; absent: derived from the topic (`dlqTopicFor`). */
  dlqTopic: z.string().min(1).optional(),
  /** How long a partition waits before a failed dead-letter write is tried again (the message stays uncommitted). */
  dlqRetryDelayMs: positiveMs.default(5_000),
  publish: PublishOptions.prefault({}),
  /** kafkajs's reconnecting retries of consumers and the admin client (the producer has none of its own). */
  clientRetry: ClientRetryOptions.prefault({}),
  breaker: BreakerOptions.prefault({}),
  /** Default bound of a graceful drain (shutdown, unsubscribe). */
  drainTimeoutMs: z.number().int().min(0).default(30_000),
  sessionTimeoutMs: positiveMs.default(30_000),
  heartbeatIntervalMs: positiveMs.default(3_000),
  connectionTimeoutMs: positiveMs.default(3_000),
  requestTimeoutMs: positiveMs.default(30_000),
  /** Partitions of one subscription handled at the same time (order is kept within each partition). */
  partitionsConsumedConcurrently: z.number().int().min(1).default(1),
  /** Longest a fetch waits for data; also bounds how quickly an idle consumer notices a shutdown. */
  maxWaitTimeInMs: positiveMs.default(500),
  /** Offsets are committed at the end of every batch, and inside a long batch every this many messages... */
  commitEveryMessages: z.number().int().min(1).default(1_000),
  /** ...or after this long. */
  commitIntervalMs: positiveMs.default(5_000),
  /** How long subscribe() waits for the consumer to join its group. */
  subscribeTimeoutMs: positiveMs.default(60_000),
  /** Bound of the broker queries made by health() (consumer lag). */
  healthTimeoutMs: positiveMs.default(2_000),
  /** Largest envelope accepted by the decoder, in bytes. */
  maxMessageBytes: z.number().int().min(1).optional(),
  /** Where the bus and kafkajs log to (kafkajs messages are sanitised); silent by default. */
  logger: z.custom<EventBusKafkaLogger>(isLogger, { message: "must have info, warn and error methods" }).optional(),
  /** kafkajs log level routed to `logger`. */
  kafkaLogLevel: z.enum(["nothing", "error", "warn", "info"]).default("warn"),
});

export type ModelEventBusKafkaConfig = z.infer<typeof ModelEventBusKafkaConfig>;

/** What {@link ModelEventBusKafkaConfig} accepts before defaults are applied. */
export type ModelEventBusKafkaConfigInput = z.input<typeof ModelEventBusKafkaConfig>;
