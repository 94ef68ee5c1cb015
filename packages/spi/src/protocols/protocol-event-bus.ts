import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolHealthCheck, ProtocolHealthCheckResult } from "./protocol-health-check.js";

/**
 * A raw message as written to a topic: what {@link ProtocolEventBus.publish} sends.
 *
 * @category Protocols
 */
export interface ProtocolEventBusMessage {
  /** Partitioning key; messages with the same key keep their order. `null` or absent lets the bus choose. */
  readonly key?: string | null | undefined;
  /** The message body: bytes, or text that the bus encodes as UTF-8. */
  readonly value: Uint8Array | string;
  /** String headers (correlation id, message id, event type, retry count, trace context...). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Where a delivered message came from, passed to a subscriber beside the decoded envelope.
 *
 * @category Protocols
 */
export interface ProtocolEventBusMessageMeta {
  /** Topic the message was read from. */
  readonly topic: string;
  /** Partition the message was read from (0 for buses without partitions). */
  readonly partition: number;
  /** Offset of the message in its partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  /** The message key, or `null` when it had none. */
  readonly key: string | null;
}

/**
 * A subscriber: called once per delivered envelope. Resolving acknowledges the message; rejecting makes the bus
 * retry it and, once retries are exhausted, write it to the dead-letter topic.
 *
 * @category Protocols
 */
export type ProtocolEventBusHandler = (envelope: ModelEventEnvelope, meta: ProtocolEventBusMessageMeta) => Promise<void>;

/**
 * How a subscription behaves on failure and where it starts.
 *
 * @category Protocols
 */
export interface ProtocolEventBusSubscribeOptions {
  /** Attempts after the first failed delivery before the message goes to the DLQ; the bus chooses when absent. */
  readonly maxRetries?: number | undefined;
  /** Dead-letter topic for undecodable messages and exhausted retries; the bus's default DLQ when absent. */
  readonly dlqTopic?: string | undefined;
  /** Read a new consumer group from the earliest retained message instead of the latest. */
  readonly fromBeginning?: boolean | undefined;
}

/**
 * Ends a subscription: stops delivery to its handler and waits for the in-flight message. Safe to call twice.
 *
 * @category Protocols
 */
export type ProtocolEventBusUnsubscribe = () => Promise<void>;

/**
 * How a bus shuts down.
 *
 * @category Protocols
 */
export interface ProtocolEventBusShutdownOptions {
  /** Upper bound for finishing in-flight messages before connections close; the bus's default when absent. */
  readonly drainTimeoutMs?: number | undefined;
}

/**
 * The event bus: publish raw messages or envelopes to topics and consume envelopes in consumer groups with
 * at-least-once delivery (an offset is committed only after the handler succeeded or the message reached the DLQ).
 * Implemented by the in-memory bus (embedded default) and the Kafka bus.
 *
 * @category Protocols
 */
export interface ProtocolEventBus extends ProtocolHealthCheck {
  /** Connects producers and makes the bus ready; publishing or subscribing before `start()` rejects. Idempotent. */
  start(): Promise<void>;

  /** Writes one raw message to `topic`; resolves once the bus has accepted it durably (acks=all on Kafka). */
  publish(topic: string, message: ProtocolEventBusMessage): Promise<void>;

  /**
   * Encodes `envelope` and writes it to `topic`, with headers carrying its correlation id, envelope id, event type,
   * retry count and trace context. The key defaults to the envelope's correlation id.
   */
  publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void>;

  /**
   * Delivers every envelope published to `topic` to `handler`, once per consumer group `groupId`. Undecodable
   * messages and messages whose handler keeps failing go to the dead-letter topic with a sanitised reason.
   * Resolves to the function that ends the subscription.
   */
  subscribe(
    topic: string,
    groupId: string,
    handler: ProtocolEventBusHandler,
    options?: ProtocolEventBusSubscribeOptions,
  ): Promise<ProtocolEventBusUnsubscribe>;

  /** Reports connectivity (producer, consumers) and whether the bus has been started. */
  health(): Promise<ProtocolHealthCheckResult>;

  /**
   * Graceful drain: stop fetching, finish in-flight messages (bounded by `drainTimeoutMs`), commit, close.
   * Idempotent.
   */
  shutdown(options?: ProtocolEventBusShutdownOptions): Promise<void>;
}
