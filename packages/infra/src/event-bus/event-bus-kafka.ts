// ProtocolEventBus on Apache Kafka (kafkajs): idempotent producer with acks=all behind one circuit breaker and one
// bounded retry (event-bus-kafka-producer.ts); one consumer per subscription committing only past handled or
// dead-lettered messages (event-bus-kafka-consumer.ts); graceful drain; health with consumer lag.
import { formatValidationMessage, formatZodIssues, validateTopicName, type ModelEventEnvelope } from "@onex/core";
import type {
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusShutdownOptions,
  ProtocolEventBusSubscribeOptions,
  ProtocolEventBusUnsubscribe,
  ProtocolHealthCheckResult,
} from "@onex/spi";
import { Kafka, type Admin, type KafkaConfig, type Message } from "kafkajs";
import { CORRELATION_ID_HEADER, currentCorrelationId, ensureCorrelationId } from "../correlation/util-correlation.js";
import { EnumCircuitState } from "../enums/enum-circuit-state.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { sanitizeError } from "../sanitize/util-sanitize.js";
import { EventBusKafkaSubscription } from "./event-bus-kafka-consumer.js";
import { toKafkaInfraError } from "./event-bus-kafka-error.js";
import { clusterReachability, subscriptionLag, type EventBusKafkaSubscriptionHealth } from "./event-bus-kafka-health.js";
import { kafkaLogCreator, kafkaLogLevel } from "./event-bus-kafka-logging.js";
import { kafkaNoDelaySocketFactory } from "./event-bus-kafka-socket.js";
import { EventBusKafkaProducer } from "./event-bus-kafka-producer.js";
import {
  ModelEventBusKafkaConfig,
  SILENT_EVENT_BUS_LOGGER,
  type EventBusKafkaLogger,
  type ModelEventBusKafkaConfigInput,
} from "./model-event-bus-kafka-config.js";
import { encodeEnvelope } from "./util-envelope-codec.js";
import { dlqTopicFor } from "./util-topic-names.js";
import { kafkaSasl, kafkaSsl } from "./util-kafka-client-security.js";

/** Optional collaborators of {@link EventBusKafka}. */
export interface EventBusKafkaOptions {
  /** The publish circuit breaker (e.g. from the container's breaker factory); one is created from `config.breaker` otherwise. */
  readonly breaker?: CircuitBreaker | undefined;
}

type BusState = "new" | "starting" | "started" | "stopping" | "stopped";

/**
 * Checks `topic` against Kafka's naming rules (length, characters, not `.`/`..`, no unsubstituted `{env}`);
 * throws {@link ProtocolConfigurationError} naming the topic and every problem.
 */
export function assertKafkaTopicName(topic: string, operation: string, correlationId?: string): void {
  const problems = validateTopicName(topic)
    .filter((problem) => problem.rule === "kafka")
    .map((problem) => problem.message);
  if (topic.includes("{")) problems.push("the {env} placeholder must be substituted before the topic is used");
  if (problems.length > 0) {
    throw new ProtocolConfigurationError(`invalid Kafka topic "${topic}": ${problems.join("; ")}`, {
      context: { transportType: EnumInfraTransportType.KAFKA, operation, targetName: topic, correlationId },
      problems,
    });
  }
}

/**
 * The Kafka event bus. Publishing is at-least-once with broker-side deduplication of producer retries;
 * consumption is at-least-once (pair it with an idempotency store). See the files of this folder for details.
 */
export class EventBusKafka implements ProtocolEventBus {
  readonly config: ModelEventBusKafkaConfig;
  readonly breaker: CircuitBreaker;
  readonly #logger: EventBusKafkaLogger;
  readonly #kafka: Kafka;
  readonly #producer: EventBusKafkaProducer;
  #admin: Admin | null = null;
  #state: BusState = "new";
  #startPromise: Promise<void> | null = null;
  #shutdownPromise: Promise<void> | null = null;
  readonly #subscriptions = new Set<EventBusKafkaSubscription>();
  readonly #topicsReady = new Map<string, Promise<void>>();
  readonly #validTopics = new Set<string>();

  constructor(config: ModelEventBusKafkaConfigInput, options: EventBusKafkaOptions = {}) {
    const parsed = ModelEventBusKafkaConfig.safeParse(config);
    if (!parsed.success) {
      // Issues name paths and rules only, never the given values (which may be credentials).
      const message = formatValidationMessage("Kafka event bus configuration", formatZodIssues(parsed.error.issues));
      throw new ProtocolConfigurationError(message, { context: { transportType: EnumInfraTransportType.KAFKA, operation: "configure" } });
    }
    this.config = parsed.data;
    this.#logger = this.config.logger ?? SILENT_EVENT_BUS_LOGGER;
    this.breaker =
      options.breaker ??
      new CircuitBreaker({
        name: `kafka.${this.config.clientId}`,
        transportType: EnumInfraTransportType.KAFKA,
        failureThreshold: this.config.breaker.failureThreshold,
        resetTimeoutMs: this.config.breaker.resetTimeoutMs,
        halfOpenMaxCalls: this.config.breaker.halfOpenMaxCalls,
      });
    this.breaker.onStateChange((change) => this.#logger.warn({ circuit: change.name, from: change.from, to: change.to }, "Kafka publish circuit changed state"));
    const sasl = kafkaSasl(this.config.sasl);
    const ssl = kafkaSsl(this.config.ssl);
    const base: KafkaConfig = {
      clientId: this.config.clientId,
      brokers: [...this.config.brokers],
      connectionTimeout: this.config.connectionTimeoutMs,
      requestTimeout: this.config.requestTimeoutMs,
      logLevel: kafkaLogLevel(this.config.kafkaLogLevel),
      logCreator: kafkaLogCreator(this.#logger, this.config.clientId),
      socketFactory: kafkaNoDelaySocketFactory,
      ...(sasl === undefined ? {} : { sasl }),
      ...(ssl === undefined ? {} : { ssl }),
    };
    // Consumers and admin keep kafkajs's reconnecting retries; the producer's client has none at cluster level,
    // so publish has a single retry layer (ours, in EventBusKafkaProducer).
    const { retries, initialRetryTimeMs, maxRetryTimeMs } = this.config.clientRetry;
    this.#kafka = new Kafka({ ...base, retry: { retries, initialRetryTime: initialRetryTimeMs, maxRetryTime: maxRetryTimeMs } });
    const producerKafka = new Kafka({ ...base, retry: { retries: 0 } });
    this.#producer = new EventBusKafkaProducer(producerKafka, this.config, this.breaker, this.#logger);
  }

  start(): Promise<void> {
    if (this.#state === "stopping" || this.#state === "stopped") {
      return Promise.reject(this.#notRunning("start", "(it was shut down; create a new bus)"));
    }
    this.#startPromise ??= this.#start();
    return this.#startPromise;
  }

  async #start(): Promise<void> {
    this.#state = "starting";
    const correlationId = ensureCorrelationId(currentCorrelationId());
    const admin = this.#kafka.admin();
    try {
      await admin.connect();
      await this.#producer.connect(correlationId);
    } catch (thrown) {
      await admin.disconnect().catch(() => undefined);
      this.#state = "new";
      this.#startPromise = null;
      throw toKafkaInfraError(thrown, { operation: "start", targetName: this.config.clientId, correlationId });
    }
    this.#admin = admin;
    this.#state = "started";
    this.#logger.info({ clientId: this.config.clientId, env: this.config.env, brokers: this.config.brokers }, "Kafka event bus started");
  }

  async publish(topic: string, message: ProtocolEventBusMessage): Promise<void> {
    const headers = message.headers ?? {};
    const correlationId = ensureCorrelationId(headers[CORRELATION_ID_HEADER] ?? currentCorrelationId());
    this.#assertStarted("publish", topic, correlationId);
    this.#assertTopic(topic, "publish", correlationId);
    await this.#ensureTopic(topic, correlationId);
    const value = typeof message.value === "string" ? message.value : Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength);
    const kafkaMessage: Message = { key: message.key ?? null, value, headers: { ...headers } };
    await this.#producer.send(topic, kafkaMessage, correlationId);
  }

  async publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void> {
    const correlationId = envelope.correlation_id;
    this.#assertStarted("publish", topic, correlationId);
    this.#assertTopic(topic, "publish", correlationId);
    // Validates the envelope (the correlation id included) before anything is sent.
    const encoded = encodeEnvelope(envelope, { key, maxBytes: this.config.maxMessageBytes });
    if (this.config.createTopics) await this.#ensureTopic(topic, correlationId);
    await this.#producer.send(topic, { key: encoded.key, value: encoded.value, headers: encoded.headers }, correlationId);
  }

  async subscribe(
    topic: string,
    groupId: string,
    handler: ProtocolEventBusHandler,
    options: ProtocolEventBusSubscribeOptions = {},
  ): Promise<ProtocolEventBusUnsubscribe> {
    const correlationId = ensureCorrelationId(currentCorrelationId());
    this.#assertStarted("subscribe", topic, correlationId);
    assertKafkaTopicName(topic, "subscribe", correlationId);
    if (groupId.trim() === "") {
      throw new ProtocolConfigurationError(`subscribe to "${topic}" needs a non-empty consumer group id`, {
        context: { transportType: EnumInfraTransportType.KAFKA, operation: "subscribe", targetName: topic, correlationId },
      });
    }
    const dlqTopic = options.dlqTopic ?? this.config.dlqTopic ?? dlqTopicFor(topic);
    assertKafkaTopicName(dlqTopic, "subscribe", correlationId);
    await this.#ensureTopic(topic, correlationId);
    await this.#ensureTopic(dlqTopic, correlationId);
    const admin = this.#admin;
    if (admin === null) throw this.#notRunning("subscribe", topic);
    const subscription = new EventBusKafkaSubscription({
      kafka: this.#kafka,
      admin,
      config: this.config,
      logger: this.#logger,
      topic,
      groupId: this.config.groupIdPrefix === undefined ? groupId : `${this.config.groupIdPrefix}.${groupId}`,
      handler,
      maxRetries: options.maxRetries ?? this.config.maxRetries,
      dlqTopic,
      fromBeginning: options.fromBeginning ?? false,
      publishDlq: (target, envelope, key) => this.#publishDlq(target, envelope, key),
      source: this.config.clientId,
    });
    this.#subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (thrown) {
      this.#subscriptions.delete(subscription);
      throw thrown;
    }
    return async () => {
      await subscription.stop(this.config.drainTimeoutMs);
      this.#subscriptions.delete(subscription);
    };
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const producer = this.#producer.status();
    const circuitState = this.breaker.state;
    const admin = this.#state === "started" ? this.#admin : null;
    const [cluster, subscriptions]: [Awaited<ReturnType<typeof clusterReachability>>, EventBusKafkaSubscriptionHealth[]] = await Promise.all([
      clusterReachability(admin, this.config.healthTimeoutMs),
      subscriptionLag(admin, [...this.#subscriptions], this.config.healthTimeoutMs),
    ]);
    const consumersOk = subscriptions.every((s) => s.state === "running" || s.state === "starting");
    const healthy = this.#state === "started" && producer.connected && cluster.reachable && circuitState !== EnumCircuitState.OPEN && consumersOk;
    let reason: string | undefined;
    if (this.#state !== "started") reason = `bus is ${this.#state}`;
    else if (!producer.connected) reason = "producer is not connected";
    else if (!cluster.reachable) reason = `cluster unreachable: ${cluster.error ?? "no answer"}`;
    else if (circuitState === EnumCircuitState.OPEN) reason = "publish circuit is open";
    else if (!consumersOk) reason = "a consumer has crashed or stopped";
    return {
      healthy,
      details: {
        transport: EnumInfraTransportType.KAFKA,
        state: this.#state,
        started: this.#state === "started",
        env: this.config.env,
        clientId: this.config.clientId,
        brokers: [...this.config.brokers],
        circuitState,
        cluster,
        producer,
        subscriptions,
        ...(reason === undefined ? {} : { reason }),
      },
    };
  }

  shutdown(options: ProtocolEventBusShutdownOptions = {}): Promise<void> {
    this.#shutdownPromise ??= this.#shutdown(options.drainTimeoutMs ?? this.config.drainTimeoutMs);
    return this.#shutdownPromise;
  }

  async #shutdown(drainTimeoutMs: number): Promise<void> {
    const startedAt = Date.now();
    const wasStarting = this.#startPromise;
    this.#state = "stopping";
    if (wasStarting !== null) await wasStarting.catch(() => undefined);
    // Consumers first: their in-flight messages may still write dead-letter records through the producer.
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop(drainTimeoutMs)));
    this.#subscriptions.clear();
    await this.#producer.close(Math.max(0, drainTimeoutMs - (Date.now() - startedAt)));
    const admin = this.#admin;
    this.#admin = null;
    if (admin !== null) {
      await admin.disconnect().catch((thrown: unknown) => this.#logger.warn({ error: sanitizeError(thrown, { includeStack: false }) }, "Kafka admin did not disconnect cleanly"));
    }
    this.#state = "stopped";
    this.#logger.info({ clientId: this.config.clientId, drainMs: Date.now() - startedAt }, "Kafka event bus shut down");
  }

  async #publishDlq(topic: string, envelope: ModelEventEnvelope, key: string | null): Promise<void> {
    const encoded = encodeEnvelope(envelope, { key });
    await this.#ensureTopic(topic, envelope.correlation_id);
    await this.#producer.send(topic, { key: encoded.key, value: encoded.value, headers: encoded.headers }, envelope.correlation_id);
  }

  // Topics are created through the admin client only when `createTopics` is set; otherwise the broker's
  // auto-creation (or the operator) decides.
  #ensureTopic(topic: string, correlationId: string): Promise<void> {
    if (!this.config.createTopics) return Promise.resolve();
    let ready = this.#topicsReady.get(topic);
    if (ready === undefined) {
      ready = this.#createTopic(topic, correlationId);
      this.#topicsReady.set(topic, ready);
      ready.catch(() => this.#topicsReady.delete(topic));
    }
    return ready;
  }

  async #createTopic(topic: string, correlationId: string): Promise<void> {
    const admin = this.#admin;
    if (admin === null) throw this.#notRunning("create topic", topic, correlationId);
    // A freshly started broker (KRaft) answers metadata for a topic it has just created with
    // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE for a moment, and kafkajs's leader wait gives up on the first
    // of these: retry the idempotent create (TOPIC_ALREADY_EXISTS then means done) while the error is retriable.
    const attempts = 8;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.createTopics({
          topics: [{ topic, numPartitions: this.config.numPartitions, replicationFactor: this.config.replicationFactor }],
          waitForLeaders: true,
        });
        return;
      } catch (thrown) {
        const { type, retriable } = thrown as { type?: unknown; retriable?: unknown };
        if (type === "TOPIC_ALREADY_EXISTS") return;
        if (retriable !== true || attempt >= attempts) {
          throw toKafkaInfraError(thrown, { operation: "create topic", targetName: topic, correlationId });
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  // Topic names are checked once per bus; publish is a hot path.
  #assertTopic(topic: string, operation: string, correlationId: string): void {
    if (this.#validTopics.has(topic)) return;
    assertKafkaTopicName(topic, operation, correlationId);
    if (this.#validTopics.size < 10_000) this.#validTopics.add(topic);
  }

  #assertStarted(operation: string, topic: string, correlationId: string): void {
    if (this.#state !== "started") throw this.#notRunning(operation, topic, correlationId);
  }

  #notRunning(operation: string, target: string, correlationId?: string): InfraUnavailableError {
    const why = this.#state === "new" || this.#state === "starting" ? "not started (call start() first)" : "shut down";
    return new InfraUnavailableError(`Kafka event bus is ${why}: cannot ${operation} ${target}`, {
      context: { transportType: EnumInfraTransportType.KAFKA, operation, targetName: target, correlationId },
    });
  }
}
