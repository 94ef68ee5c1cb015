// The `kafka` handler: a thin envelope front for Kafka itself (the event bus moves envelopes; this handler lets a node
// produce arbitrary records and manage topics). Produce goes through an injected event bus (its producer, breaker and
// retry) or the handler's own idempotent kafkajs producer (acks=all); topics are created, listed and described
// through the kafkajs admin client. Calls of the handler's own clients go through one breaker per cluster; failures
// are mapped to infra errors with transport `kafka` (connection -> InfraConnectionError, SERVICE_UNAVAILABLE).
import { EnumCoreErrorCode, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBus, ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import { Kafka, type Admin, type Message, type Producer } from "kafkajs";
import { CORRELATION_ID_HEADER, runWithCorrelation } from "../correlation/util-correlation.js";
import { EnumCircuitState } from "../enums/enum-circuit-state.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { assertKafkaTopicName } from "../event-bus/event-bus-kafka.js";
import { needsProducerReset, toKafkaInfraError } from "../event-bus/event-bus-kafka-error.js";
import { kafkaLogCreator, kafkaLogLevel } from "../event-bus/event-bus-kafka-logging.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { withTimeout } from "../resilience/util-timeout.js";
import { z } from "zod";
import { ModelHandlerKafkaConfig } from "./model-handler-kafka-config.js";
import {
  SILENT_INFRA_LOGGER,
  describeHandler,
  handlerErrorContext,
  handlerNotReadyError,
  initializedTwiceError,
  initializeSync,
  notReadyHealth,
  parseHandlerConfig,
  parseOperationPayload,
  resolveBreaker,
  sanitizingLogger,
  unknownOperationError,
  type InfraHandlerLifecycle,
  type InfraHandlerOptions,
  type InfraLogger,
} from "./util-handler-support.js";
import { kafkaSasl, kafkaSsl } from "../event-bus/util-kafka-client-security.js";

const OPERATIONS = ["kafka.produce", "kafka.topics.create", "kafka.topics.list", "kafka.topics.describe"] as const;

const Topic = z.string().min(1).max(249);
const ProducePayload = z.strictObject({
  topic: Topic,
  messages: z
    .array(
      z.strictObject({
        key: z.string().nullable().optional(),
        /** `null` writes a tombstone (compacted topics). */
        value: z.string().nullable(),
        headers: z.record(z.string(), z.string()).optional(),
        partition: z.number().int().min(0).optional(),
      }),
    )
    .min(1),
  /** How `value` is encoded: text (utf8) or bytes (base64). */
  encoding: z.enum(["utf8", "base64"]).default("utf8"),
});
const TopicsCreatePayload = z.strictObject({
  topics: z
    .array(
      z.strictObject({
        topic: Topic,
        numPartitions: z.number().int().min(1).optional(),
        replicationFactor: z.number().int().min(1).optional(),
        configEntries: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1)
    .max(1_000),
  waitForLeaders: z.boolean().default(true),
  timeoutMs: z.number().int().min(1).optional(),
});
const TopicsListPayload = z.strictObject({ prefix: z.string().max(249).optional(), includeInternal: z.boolean().default(false) });
const TopicsDescribePayload = z.strictObject({ topics: z.array(Topic).min(1).max(1_000) });

/** Dependencies of {@link HandlerKafka}; all optional. */
export interface HandlerKafkaOptions extends InfraHandlerOptions {
  /** Produce through this (started) bus: its idempotent producer, breaker and retry. Not shut down by the handler. */
  readonly eventBus?: ProtocolEventBus | undefined;
  /** A kafkajs client to use instead of one built from the config; its brokers, TLS and SASL apply. */
  readonly kafka?: Kafka | undefined;
  /**
   * A kafkajs producer owned by the caller (connected on first use if it is not yet; never disconnected or replaced
   * by the handler). Make it idempotent: the handler sends with acks=all and relies on the producer's retries.
   */
  readonly producer?: Producer | undefined;
}

/** Result payload of `kafka.produce`; `offsets` is empty when the records went through the event bus. */
export interface HandlerKafkaProduceResult {
  readonly topic: string;
  readonly count: number;
  readonly offsets: readonly { readonly partition: number; readonly baseOffset: string }[];
}

/**
 * Handler of `kafka.produce` (`{topic, messages: [{key?, value, headers?, partition?}], encoding?}` -> `{topic, count,
 * offsets}`), `kafka.topics.create` (`{topics: [{topic, numPartitions?, replicationFactor?, configEntries?}],
 * waitForLeaders?, timeoutMs?}` -> `{created, existing}`), `kafka.topics.list` (`{prefix?, includeInternal?}` ->
 * `{topics}`) and `kafka.topics.describe` (`{topics}` -> `{descriptions}`; unknown topics are RESOURCE_NOT_FOUND).
 */
export class HandlerKafka implements ProtocolHandler {
  readonly handlerType = "kafka";
  readonly #options: HandlerKafkaOptions;
  readonly #logger: InfraLogger;
  #lifecycle: InfraHandlerLifecycle = "created";
  #config: ModelHandlerKafkaConfig | undefined;
  #kafka: Kafka | undefined;
  #breaker: CircuitBreaker | undefined;
  #admin: Promise<Admin> | undefined;
  #producer: Promise<Producer> | undefined;

  constructor(options: HandlerKafkaOptions = {}) {
    this.#options = options;
    this.#logger = sanitizingLogger(options.logger ?? SILENT_INFRA_LOGGER);
  }

  /** Validates the config and builds the clients; they connect on first use (and reconnect after a failure). */
  initialize(config: unknown): Promise<void> {
    return initializeSync(() => {
      if (this.#lifecycle !== "created") throw initializedTwiceError("kafka");
      const parsed = parseHandlerConfig(ModelHandlerKafkaConfig, config, "kafka");
      if (this.#options.kafka === undefined && parsed.brokers === undefined) {
        throw new ProtocolConfigurationError("kafka handler config: brokers is required unless a kafkajs client is given", {
          context: { transportType: EnumInfraTransportType.KAFKA, operation: "kafka.initialize", targetName: "kafka" },
        });
      }
      const ssl = kafkaSsl(parsed.ssl);
      const sasl = kafkaSasl(parsed.sasl);
      this.#kafka =
        this.#options.kafka ??
        new Kafka({
          clientId: parsed.clientId,
          brokers: [...(parsed.brokers ?? [])],
          connectionTimeout: parsed.connectionTimeoutMs,
          requestTimeout: parsed.requestTimeoutMs,
          retry: { retries: parsed.retry.retries, initialRetryTime: parsed.retry.initialRetryTimeMs, maxRetryTime: parsed.retry.maxRetryTimeMs },
          logLevel: kafkaLogLevel(parsed.kafkaLogLevel),
          logCreator: kafkaLogCreator(this.#logger, parsed.clientId),
          ...(ssl === undefined ? {} : { ssl }),
          ...(sasl === undefined ? {} : { sasl }),
        });
      this.#breaker = resolveBreaker(this.#options.circuitBreakerFactory, parsed.breakerName ?? `kafka:${parsed.clientId}`, EnumInfraTransportType.KAFKA, parsed.breaker);
      this.#config = parsed;
      this.#lifecycle = "ready";
    });
  }

  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const config = this.#config;
    if (this.#lifecycle !== "ready" || config === undefined) return Promise.reject(handlerNotReadyError("kafka", this.#lifecycle, this.#context(envelope)));
    return runWithCorrelation(envelope.correlation_id, () => this.#dispatch(config, envelope));
  }

  async #dispatch(config: ModelHandlerKafkaConfig, envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const context = (): ModelInfraErrorContext => this.#context(envelope);
    switch (envelope.operation ?? "") {
      case "kafka.produce":
        return { payload: await this.#produce(config, parseOperationPayload(ProducePayload, envelope, context), envelope.correlation_id), metadata: { via: this.#options.eventBus === undefined ? "producer" : "event_bus" } };
      case "kafka.topics.create": {
        const p = parseOperationPayload(TopicsCreatePayload, envelope, context);
        for (const { topic } of p.topics) assertKafkaTopicName(topic, "kafka.topics.create", envelope.correlation_id);
        const names = p.topics.map(({ topic }) => topic);
        const repeated = names.filter((topic, index) => names.indexOf(topic) !== index);
        if (repeated.length > 0) throw new EnvelopeValidationError(`kafka.topics.create names ${[...new Set(repeated)].join(", ")} more than once`, { context: context() });
        return { payload: await this.#createTopics(config, p, envelope.correlation_id) };
      }
      case "kafka.topics.list": {
        const p = parseOperationPayload(TopicsListPayload, envelope, context);
        const topics = await this.#withAdmin("kafka.topics.list", envelope.correlation_id, (admin) => admin.listTopics());
        const visible = topics.filter((topic) => (p.includeInternal || !topic.startsWith("__")) && (p.prefix === undefined || topic.startsWith(p.prefix)));
        return { payload: { topics: visible.sort() } };
      }
      case "kafka.topics.describe": {
        const p = parseOperationPayload(TopicsDescribePayload, envelope, context);
        return { payload: { descriptions: await this.#describeTopics(p.topics, envelope.correlation_id) } };
      }
      default:
        throw unknownOperationError("kafka", OPERATIONS, context());
    }
  }

  async #produce(config: ModelHandlerKafkaConfig, p: z.infer<typeof ProducePayload>, correlationId: string): Promise<HandlerKafkaProduceResult> {
    const operation = "kafka.produce";
    assertKafkaTopicName(p.topic, operation, correlationId);
    const context = { transportType: EnumInfraTransportType.KAFKA, operation, targetName: p.topic, correlationId };
    if (p.messages.length > config.maxMessagesPerProduce) {
      throw new EnvelopeValidationError(`kafka.produce carries ${p.messages.length} messages; at most ${config.maxMessagesPerProduce} are allowed`, { context });
    }
    const records = p.messages.map((m, index) => {
      const value = m.value === null ? null : Buffer.from(m.value, p.encoding);
      if (value !== null && value.byteLength > config.maxMessageBytes) {
        throw new RuntimeHostError(`kafka.produce message ${index} is ${value.byteLength} bytes; at most ${config.maxMessageBytes} are allowed`, {
          context,
          errorCode: EnumCoreErrorCode.PAYLOAD_TOO_LARGE,
          status: 413,
        });
      }
      // The request's correlation id wins over a caller's header of the same name: one id per call path.
      return { key: m.key ?? null, value, headers: { ...m.headers, [CORRELATION_ID_HEADER]: correlationId }, partition: m.partition };
    });
    const bus = this.#options.eventBus;
    if (bus !== undefined) {
      const published = records.map(({ key, value, headers, partition }) => {
        if (value === null || partition !== undefined) {
          throw new EnvelopeValidationError("kafka.produce through the event bus cannot choose a partition or write a tombstone", { context });
        }
        return { key, value, headers };
      });
      // The bus coalesces concurrent publishes into one request, in call order.
      await Promise.all(published.map((message) => bus.publish(p.topic, message)));
      return { topic: p.topic, count: published.length, offsets: [] };
    }
    const messages: Message[] = records.map(({ partition, ...message }) => (partition === undefined ? message : { ...message, partition }));
    const metadata = await this.#call(operation, p.topic, correlationId, async () => {
      const producer = await this.#connected("producer", correlationId);
      try {
        return await producer.send({ topic: p.topic, messages, acks: -1, timeout: config.produceTimeoutMs });
      } catch (error) {
        // The fate of the request is unknown or the sequence state is broken: the next send needs a new producer id.
        if (needsProducerReset(toKafkaInfraError(error, { operation, targetName: p.topic, correlationId }))) this.#dropProducer();
        throw error;
      }
    });
    const offsets = metadata.map((record) => ({ partition: record.partition, baseOffset: record.baseOffset ?? record.offset ?? "" })).sort((a, b) => a.partition - b.partition);
    return { topic: p.topic, count: messages.length, offsets };
  }

  async #createTopics(config: ModelHandlerKafkaConfig, p: z.infer<typeof TopicsCreatePayload>, correlationId: string): Promise<{ created: string[]; existing: string[] }> {
    return this.#withAdmin("kafka.topics.create", correlationId, async (admin) => {
      const known = new Set(await admin.listTopics());
      const missing = p.topics.filter(({ topic }) => !known.has(topic));
      const existing = p.topics.filter(({ topic }) => known.has(topic)).map(({ topic }) => topic);
      if (missing.length === 0) return { created: [], existing: existing.sort() };
      const created = await admin.createTopics({
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions ?? config.defaultPartitions,
          replicationFactor: t.replicationFactor ?? config.defaultReplicationFactor,
          configEntries: Object.entries(t.configEntries ?? {}).map(([name, value]) => ({ name, value })),
        })),
        waitForLeaders: p.waitForLeaders,
        ...(p.timeoutMs === undefined ? {} : { timeout: p.timeoutMs }),
      });
      // false: another client created them between our list and our create (kafkajs saw TOPIC_ALREADY_EXISTS only).
      const names = missing.map(({ topic }) => topic);
      return created ? { created: names.sort(), existing: existing.sort() } : { created: [], existing: [...existing, ...names].sort() };
    });
  }

  async #describeTopics(topics: readonly string[], correlationId: string): Promise<unknown[]> {
    const operation = "kafka.topics.describe";
    return this.#withAdmin(operation, correlationId, async (admin) => {
      const known = new Set(await admin.listTopics());
      const unknown = topics.filter((topic) => !known.has(topic));
      if (unknown.length > 0) {
        throw new RuntimeHostError(`Kafka topic(s) not found: ${unknown.join(", ")}`, {
          context: { transportType: EnumInfraTransportType.KAFKA, operation, targetName: unknown[0], correlationId },
          errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND,
          status: 404,
          topics: unknown,
        });
      }
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      return metadata
        .map((topic) => ({
          topic: topic.name,
          partitions: topic.partitions
            .map((partition) => ({ partitionId: partition.partitionId, leader: partition.leader, replicas: [...partition.replicas], isr: [...partition.isr] }))
            .sort((a, b) => a.partitionId - b.partitionId),
        }))
        .sort((a, b) => a.topic.localeCompare(b.topic));
    });
  }

  #withAdmin<T>(operation: string, correlationId: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
    return this.#call(operation, undefined, correlationId, async () => fn(await this.#connected("admin", correlationId)));
  }

  /** One backend call through the cluster breaker, failures mapped inside it (so only transient ones count). */
  #call<T>(operation: string, target: string | undefined, correlationId: string, fn: () => Promise<T>): Promise<T> {
    const breaker = this.#breaker;
    if (breaker === undefined) return Promise.reject(handlerNotReadyError("kafka", this.#lifecycle, { transportType: EnumInfraTransportType.KAFKA, operation, correlationId }));
    return breaker.execute(async () => {
      try {
        return await fn();
      } catch (error) {
        throw toKafkaInfraError(error, { operation, targetName: target ?? this.#config?.clientId, correlationId });
      }
    }, { operation, correlationId });
  }

  #connected(kind: "admin", correlationId: string): Promise<Admin>;
  #connected(kind: "producer", correlationId: string): Promise<Producer>;
  #connected(kind: "admin" | "producer", correlationId: string): Promise<Admin | Producer> {
    const kafka = this.#kafka;
    if (kafka === undefined || this.#lifecycle !== "ready") {
      return Promise.reject(handlerNotReadyError("kafka", this.#lifecycle, { transportType: EnumInfraTransportType.KAFKA, operation: `kafka.connect_${kind}`, correlationId }));
    }
    if (kind === "admin") {
      this.#admin ??= this.#connect(kafka.admin(), () => (this.#admin = undefined));
      return this.#admin;
    }
    const given = this.#options.producer;
    if (given !== undefined) {
      this.#producer ??= this.#connect(given, () => (this.#producer = undefined), false);
      return this.#producer;
    }
    // kafkajs serialises an idempotent producer's requests per broker; its docs pair idempotence with one in flight.
    this.#producer ??= this.#connect(kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }), () => (this.#producer = undefined));
    return this.#producer;
  }

  async #connect<C extends Admin | Producer>(client: C, forget: () => void, owned = true): Promise<C> {
    try {
      await client.connect();
      return client;
    } catch (error) {
      forget();
      if (owned) await client.disconnect().catch(() => undefined);
      throw error;
    }
  }

  #dropProducer(): void {
    if (this.#options.producer !== undefined) return;
    const producer = this.#producer;
    this.#producer = undefined;
    void producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  #context(envelope: ModelEventEnvelope): ModelInfraErrorContext {
    return handlerErrorContext(EnumInfraTransportType.KAFKA, envelope, this.#config?.clientId ?? "kafka");
  }

  describe(): ProtocolHandlerDescription {
    return describeHandler(this.handlerType, OPERATIONS, "Apache Kafka through kafkajs: produce records (idempotent, acks=all, or through the event bus) and create, list and describe topics.");
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const config = this.#config;
    if (this.#lifecycle !== "ready" || config === undefined) {
      return notReadyHealth(this.#lifecycle, { handlerType: this.handlerType });
    }
    const circuitState = this.#breaker?.state;
    try {
      const cluster = await withTimeout(async () => (await this.#connected("admin", crypto.randomUUID())).describeCluster(), {
        timeoutMs: config.healthTimeoutMs,
        operation: "kafka.health",
        context: { transportType: EnumInfraTransportType.KAFKA, targetName: config.clientId },
      });
      const healthy = circuitState !== EnumCircuitState.OPEN;
      return {
        healthy,
        details: { handlerType: this.handlerType, clientId: config.clientId, brokers: cluster.brokers.length, controller: cluster.controller, circuitState, ...(healthy ? {} : { reason: "circuit open" }) },
      };
    } catch (error) {
      const mapped = toKafkaInfraError(error, { operation: "kafka.health", targetName: config.clientId });
      return { healthy: false, details: { handlerType: this.handlerType, clientId: config.clientId, circuitState, reason: mapped.message, errorCode: mapped.errorCode } };
    }
  }

  /** Disconnects the handler's own admin and producer (never an injected bus or producer). Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#lifecycle === "shut_down") return;
    this.#lifecycle = "shut_down";
    const clients = [this.#admin, this.#options.producer === undefined ? this.#producer : undefined].filter((client) => client !== undefined);
    this.#admin = undefined;
    this.#producer = undefined;
    await Promise.all(clients.map((client) => client.then((c) => c.disconnect()).catch(() => undefined)));
  }
}
