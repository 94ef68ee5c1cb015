import { z } from "zod";
import { ModelEventBusKafkaConfig } from "../event-bus/model-event-bus-kafka-config.js";
import { breakerConfigSchema } from "./util-handler-support.js";

const positiveMs = z.number().int().min(1);

/**
 * Configuration of `HandlerKafka`. `brokers` is required unless a kafkajs client is injected (then brokers, TLS and
 * SASL come from that client). TLS and SASL take the event bus's shapes; their secrets reach kafkajs only, never an
 * error, a log line or health().
 *
 * Retries: kafkajs's own (`retry`) are the handler's one retry layer: the idempotent producer resends with the same
 * sequence numbers, so the broker drops a duplicate of a write that did land.
 */
export const ModelHandlerKafkaConfig = z.object({
  brokers: ModelEventBusKafkaConfig.shape.brokers.optional(),
  clientId: z.string().min(1).max(249).default("onex-handler-kafka"),
  ssl: ModelEventBusKafkaConfig.shape.ssl,
  sasl: ModelEventBusKafkaConfig.shape.sasl,
  connectionTimeoutMs: positiveMs.default(3_000),
  requestTimeoutMs: positiveMs.default(30_000),
  retry: z
    .object({
      retries: z.number().int().min(1).max(20).default(5),
      initialRetryTimeMs: positiveMs.default(300),
      maxRetryTimeMs: positiveMs.default(5_000),
    })
    .prefault({}),
  /** Broker-side acknowledgement timeout of one produce request (acks=all). */
  produceTimeoutMs: positiveMs.default(30_000),
  /** Most messages one `kafka.produce` may carry. */
  maxMessagesPerProduce: z.number().int().min(1).max(100_000).default(1_000),
  /** Largest message value, in bytes. */
  maxMessageBytes: z.number().int().min(1).default(1_048_576),
  /** Partitions and replication factor of topics created without their own. */
  defaultPartitions: z.number().int().min(1).default(1),
  defaultReplicationFactor: z.number().int().min(1).default(1),
  /** Bound of the broker query made by health(). */
  healthTimeoutMs: positiveMs.default(2_000),
  /** Name of the cluster's circuit breaker (shared through the breaker factory); `kafka:<clientId>` when absent. */
  breakerName: z.string().min(1).optional(),
  breaker: breakerConfigSchema,
  /** kafkajs log level routed to the handler's logger (sanitised). */
  kafkaLogLevel: z.enum(["nothing", "error", "warn", "info"]).default("warn"),
});

/** A validated kafka handler config (defaults applied). */
export type ModelHandlerKafkaConfig = z.infer<typeof ModelHandlerKafkaConfig>;

/** What `HandlerKafka.initialize` accepts. */
export type ModelHandlerKafkaConfigInput = z.input<typeof ModelHandlerKafkaConfig>;
