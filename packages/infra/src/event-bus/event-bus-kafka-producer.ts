// The producer side of EventBusKafka: an idempotent kafkajs producer (acks=all) behind ONE circuit breaker and ONE
// bounded retry (kafkajs's own retries are kept at the minimum it allows for an idempotent producer).
//
// Concurrent publish() calls are coalesced: calls made while a produce request is in flight are sent together in
// the next request (at most maxBatchMessages/maxBatchBytes), and each caller's promise settles when the request
// that carried its message was acknowledged by all in-sync replicas. Requests go out one at a time, in call order,
// so per-key order holds across concurrent callers, and a failed request is retried with the same sequence numbers
// before anything else is sent (the broker drops a duplicate of a write that did land). When a request finally
// fails in a way that leaves its fate unknown, the producer is replaced (new producer id) before the next one.
import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from "kafkajs";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { retryWithBackoff } from "../resilience/util-retry.js";
import { sanitizeError } from "../sanitize/util-sanitize.js";
import { forCorrelation, needsProducerReset, toKafkaInfraError } from "./event-bus-kafka-error.js";
import type { EventBusKafkaLogger, ModelEventBusKafkaConfig } from "./model-event-bus-kafka-config.js";

interface PendingPublish {
  readonly topic: string;
  readonly message: Message;
  readonly bytes: number;
  readonly correlationId: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Counters and state reported by health(). */
export interface EventBusKafkaProducerStatus {
  readonly connected: boolean;
  readonly queued: number;
  readonly lastPublishFailed: boolean;
  readonly producerResets: number;
}

function sizeOf(message: Message): number {
  const value = message.value;
  if (value === null || value === undefined) return 0;
  return typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
}

function groupByTopic(batch: readonly PendingPublish[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const item of batch) {
    const messages = byTopic.get(item.topic);
    if (messages === undefined) byTopic.set(item.topic, [item.message]);
    else messages.push(item.message);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Publishes through one idempotent kafkajs producer; see the module comment for batching and failure handling. */
export class EventBusKafkaProducer {
  readonly #kafka: Kafka;
  readonly #config: ModelEventBusKafkaConfig;
  readonly #breaker: CircuitBreaker;
  readonly #logger: EventBusKafkaLogger;
  #producer: Producer | null = null;
  #connected = false;
  #needsReset = false;
  #queue: PendingPublish[] = [];
  #draining: Promise<void> | null = null;
  #closed = false;
  #lastPublishFailed = false;
  #producerResets = 0;

  constructor(kafka: Kafka, config: ModelEventBusKafkaConfig, breaker: CircuitBreaker, logger: EventBusKafkaLogger) {
    this.#kafka = kafka;
    this.#config = config;
    this.#breaker = breaker;
    this.#logger = logger;
  }

  /** Connects the producer (through the breaker, so an unreachable cluster counts as a failure). */
  async connect(correlationId: string): Promise<void> {
    await this.#breaker.execute(() => this.#ensureProducer(correlationId), { operation: "connect", correlationId });
  }

  status(): EventBusKafkaProducerStatus {
    return { connected: this.#connected, queued: this.#queue.length, lastPublishFailed: this.#lastPublishFailed, producerResets: this.#producerResets };
  }

  /** Queues one message; resolves once the broker acknowledged it (acks=all), rejects with an infra error. */
  send(topic: string, message: Message, correlationId: string): Promise<void> {
    if (this.#closed) {
      return Promise.reject(
        new InfraUnavailableError(`Kafka event bus is shut down; cannot publish to "${topic}"`, {
          context: { transportType: EnumInfraTransportType.KAFKA, operation: "publish", targetName: topic, correlationId },
        }),
      );
    }
    if (this.#queue.length >= this.#config.publish.maxQueuedMessages) {
      return Promise.reject(
        new InfraUnavailableError(`Kafka publish queue is full (${this.#queue.length} messages waiting); cannot publish to "${topic}"`, {
          context: { transportType: EnumInfraTransportType.KAFKA, operation: "publish", targetName: topic, correlationId },
          retryAfterSeconds: 1,
        }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ topic, message, bytes: sizeOf(message), correlationId, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Stops accepting messages, waits (bounded) for queued ones, rejects what is left, disconnects. Idempotent. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    const draining = this.#draining;
    if (draining !== null) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([draining, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    const left = this.#queue.splice(0);
    for (const item of left) {
      item.reject(
        new InfraUnavailableError(`Kafka event bus shut down before the message to "${item.topic}" was sent`, {
          context: { transportType: EnumInfraTransportType.KAFKA, operation: "publish", targetName: item.topic, correlationId: item.correlationId },
        }),
      );
    }
    await this.#disconnect();
  }

  async #drain(): Promise<void> {
    // Let the callers of this tick queue their messages first: they go out in one request.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      await this.#sendBatch(this.#takeBatch());
    }
    this.#draining = null;
  }

  #takeBatch(): PendingPublish[] {
    const { maxBatchMessages, maxBatchBytes } = this.#config.publish;
    let count = 0;
    let bytes = 0;
    for (const item of this.#queue) {
      if (count >= maxBatchMessages || (count > 0 && bytes + item.bytes > maxBatchBytes)) break;
      count++;
      bytes += item.bytes;
    }
    return this.#queue.splice(0, count);
  }

  async #sendBatch(batch: PendingPublish[]): Promise<void> {
    const first = batch[0];
    if (first === undefined) return;
    const correlationId = first.correlationId;
    const { maxRetries, initialDelayMs, maxDelayMs } = this.#config.publish;
    try {
      await retryWithBackoff(() => this.#breaker.execute(() => this.#produce(batch, correlationId), { operation: "publish", correlationId }), {
        maxRetries,
        initialDelayMs,
        maxDelayMs,
        context: { transportType: EnumInfraTransportType.KAFKA, operation: "publish", correlationId },
      });
      this.#lastPublishFailed = false;
      for (const item of batch) item.resolve();
    } catch (thrown) {
      const error = toKafkaInfraError(thrown, { operation: "publish", targetName: first.topic, correlationId });
      this.#lastPublishFailed = true;
      if (needsProducerReset(error)) this.#needsReset = true;
      this.#logger.warn({ error: sanitizeError(error, { includeStack: false }), messages: batch.length, correlationId }, "Kafka publish failed");
      for (const item of batch) item.reject(forCorrelation(error, item.correlationId));
    }
  }

  async #produce(batch: readonly PendingPublish[], correlationId: string): Promise<void> {
    const producer = await this.#ensureProducer(correlationId);
    try {
      await producer.sendBatch({ acks: -1, timeout: this.#config.publish.timeoutMs, topicMessages: groupByTopic(batch) });
    } catch (thrown) {
      // Broken sequence state (a raw kafkajs error only matches that case): the retry needs a new producer id.
      if (needsProducerReset(thrown)) this.#needsReset = true;
      throw toKafkaInfraError(thrown, { operation: "publish", targetName: batch[0]?.topic, correlationId });
    }
  }

  async #ensureProducer(correlationId: string): Promise<Producer> {
    if (this.#needsReset && this.#producer !== null) {
      this.#needsReset = false;
      this.#producerResets++;
      this.#logger.warn({ correlationId }, "Replacing the Kafka producer after a failure with an unknown outcome");
      await this.#disconnect();
    }
    this.#needsReset = false;
    if (this.#producer !== null) return this.#producer;
    const producer = this.#kafka.producer({
      idempotent: true,
      // kafkajs serialises an idempotent producer's requests per broker anyway; its docs pair idempotence with 1.
      maxInFlightRequests: 1,
      // The minimum kafkajs accepts for an idempotent producer (it handles a leader move inside one send);
      // the bounded retry with backoff around each request is ours.
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
    producer.on(producer.events.DISCONNECT, () => {
      if (this.#producer === producer) this.#connected = false;
    });
    try {
      await producer.connect();
    } catch (thrown) {
      await producer.disconnect().catch(() => undefined);
      throw toKafkaInfraError(thrown, { operation: "connect", targetName: "producer", correlationId });
    }
    this.#producer = producer;
    this.#connected = true;
    return producer;
  }

  async #disconnect(): Promise<void> {
    const producer = this.#producer;
    this.#producer = null;
    this.#connected = false;
    if (producer === null) return;
    try {
      await producer.disconnect();
    } catch (thrown) {
      this.#logger.warn({ error: sanitizeError(thrown, { includeStack: false }) }, "Kafka producer did not disconnect cleanly");
    }
  }
}
