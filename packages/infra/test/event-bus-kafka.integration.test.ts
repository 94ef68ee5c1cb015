// EventBusKafka on the real broker, beyond the shared conformance suite: poison messages and their DLQ metadata,
// a failing DLQ write (nothing committed, retried later), coalesced concurrent publishes keeping per-key order,
// health with consumer lag, topic validation, configuration errors and sanitised logging.
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBusMessageMeta } from "@onex/spi";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { EventBusKafka } from "../src/event-bus/event-bus-kafka.js";
import type { EventBusKafkaSubscriptionHealth } from "../src/event-bus/event-bus-kafka-health.js";
import { DLQ_EVENT_TYPE, ModelDlqRecord } from "../src/event-bus/model-dlq-record.js";
import type { EventBusKafkaLogger, ModelEventBusKafkaConfigInput } from "../src/event-bus/model-event-bus-kafka-config.js";
import { deleteTopicsWithPrefix } from "./fixtures/kafka/kafka-test-helpers.js";
import { deferred, waitFor } from "./support/util-wait-for.js";
import { testServices, uniqueName } from "./support/test-services.js";

const prefix = uniqueName("onex-kbus");
const SECRET = "s3cr3t-Kafka-Passw0rd";
const buses: EventBusKafka[] = [];
let seq = 0;

function topic(base: string): string {
  return `${prefix}.${base}`;
}

function group(base: string): string {
  seq += 1;
  return `${prefix}-${base}-${seq}`;
}

function envelope(payload: Record<string, unknown>): ModelEventEnvelope {
  return createEventEnvelope({ event_type: "test.kafka.event", source: "kafka-test", payload });
}

async function startedBus(overrides: Partial<ModelEventBusKafkaConfigInput> = {}): Promise<EventBusKafka> {
  const bus = new EventBusKafka({
    brokers: [...testServices.kafkaBrokers],
    clientId: uniqueName("onex-kbus"),
    createTopics: true,
    numPartitions: 3,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 50,
    ...overrides,
  });
  buses.push(bus);
  await bus.start();
  return bus;
}

interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function capturingLogger(): { logger: EventBusKafkaLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      info: (fields, message) => lines.push({ level: "info", fields, message }),
      warn: (fields, message) => lines.push({ level: "warn", fields, message }),
      error: (fields, message) => lines.push({ level: "error", fields, message }),
    },
  };
}

function subscriptionHealth(details: Readonly<Record<string, unknown>>): EventBusKafkaSubscriptionHealth[] {
  return details.subscriptions as EventBusKafkaSubscriptionHealth[];
}

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.shutdown({ drainTimeoutMs: 5_000 })));
});

afterAll(async () => {
  await deleteTopicsWithPrefix(testServices.kafkaBrokers, prefix);
});

describe("EventBusKafka poison messages and the DLQ", () => {
  it("dead-letters an undecodable message and an exhausted one with their origin, headers and reason, and keeps consuming", async () => {
    const bus = await startedBus();
    const source = topic("poison");
    const dlqTopic = topic("poison-dlq");
    const groupId = group("poison");
    const processed: ModelEventEnvelope[] = [];
    const failures: ProtocolEventBusMessageMeta[] = [];
    await bus.subscribe(
      source,
      groupId,
      (e, meta) => {
        if (e.payload.explode === true) {
          failures.push(meta);
          return Promise.reject(new Error(`cannot apply: token=${SECRET}`));
        }
        processed.push(e);
        return Promise.resolve();
      },
      { maxRetries: 1, dlqTopic },
    );

    // Read the DLQ with plain kafkajs to see the raw message and its headers the way any other tool would.
    const kafka = new Kafka({ clientId: "dlq-reader", brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: group("dlq-reader"), maxWaitTimeInMs: 100 });
    const dlq: { key: string | null; value: string; headers: Record<string, string> }[] = [];
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic, fromBeginning: true });
    await reader.run({
      eachMessage: ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        dlq.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? "", headers });
        return Promise.resolve();
      },
    });
    try {
      const poisonCorrelation = "poison-correlation-1";
      await bus.publish(source, { key: "order-7", value: Buffer.from([0xff, 0xfe, 0x00, 0x01]), headers: { "x-correlation-id": poisonCorrelation, authorization: `Bearer ${SECRET}` } });
      const explosive = envelope({ explode: true });
      await bus.publishEnvelope(source, explosive, "order-7");
      const after = envelope({ n: 1 });
      await bus.publishEnvelope(source, after, "order-7");
      await waitFor(() => processed.length >= 1 && dlq.length >= 2, { description: "two DLQ records and the later message" });

      expect(processed.map((e) => e.envelope_id)).toEqual([after.envelope_id]);
      const records = dlq.map((m) => ({ message: m, record: ModelDlqRecord.parse((JSON.parse(m.value) as { payload: unknown }).payload) }));
      const binary = records.find((r) => r.record.encoding === "base64");
      expect(binary?.record).toMatchObject({
        original_topic: source,
        original_key: "order-7",
        original_value: Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64"),
        error_type: "EnvelopeValidationError",
        retry_count: 0,
        correlation_id: poisonCorrelation,
        consumer_group: groupId,
      });
      expect(binary?.record.original_headers.authorization).toBe("***");
      expect(binary?.message.headers["x-correlation-id"]).toBe(poisonCorrelation);
      expect(binary?.message.headers["x-event-type"]).toBe(DLQ_EVENT_TYPE);

      const exhausted = records.find((r) => r.record.original_envelope_id === explosive.envelope_id);
      expect(exhausted?.record).toMatchObject({
        original_topic: source,
        original_partition: failures[0]?.partition,
        original_offset: failures[0]?.offset,
        retry_count: 1,
        error_type: "Error",
        correlation_id: explosive.correlation_id,
      });
      expect(failures).toHaveLength(2);
      expect(exhausted?.message.headers["x-correlation-id"]).toBe(explosive.correlation_id);
      expect(exhausted?.message.headers["x-message-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(dlq)).not.toContain(SECRET);

      const health = await bus.health();
      const [sub] = subscriptionHealth(health.details);
      expect(sub?.stats).toMatchObject({ acknowledged: 1, deadLettered: 2, dlqWriteFailures: 0 });
    } finally {
      await reader.disconnect();
    }
  }, 60_000);

  it("leaves a message uncommitted when its DLQ write fails and dead-letters it once the producer recovers", async () => {
    const bus = await startedBus({ dlqRetryDelayMs: 200, breaker: { failureThreshold: 1, resetTimeoutMs: 300 } });
    const source = topic("dlq-down");
    const dlqTopic = topic("dlq-down-dlq");
    const deliveries: string[] = [];
    const processed: string[] = [];
    let opened = false;
    await bus.subscribe(
      source,
      group("dlq-down"),
      (e, meta) => {
        if (e.payload.poison !== true) {
          processed.push(e.envelope_id);
          return Promise.resolve();
        }
        deliveries.push(meta.offset);
        if (!opened) {
          // The DLQ write that follows this failure meets an open circuit.
          opened = true;
          bus.breaker.forceOpen(300);
        }
        return Promise.reject(new Error("handler rejects the poison message"));
      },
      { maxRetries: 0, dlqTopic },
    );
    const dlq: ModelEventEnvelope[] = [];
    await bus.subscribe(dlqTopic, group("dlq-down-reader"), (e) => {
      dlq.push(e);
      return Promise.resolve();
    }, { fromBeginning: true });

    const poison = envelope({ poison: true });
    const next = envelope({ poison: false });
    // One produce request for both, acknowledged before the handler can open the circuit.
    await Promise.all([bus.publishEnvelope(source, poison, "same-key"), bus.publishEnvelope(source, next, "same-key")]);
    await waitFor(() => dlq.length >= 1 && processed.length >= 1, { description: "the DLQ record after recovery and the next message" });

    // Delivered again from the same offset: the first DLQ write failed, so nothing was committed past it.
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deliveries).size).toBe(1);
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.causation_id).toBe(poison.envelope_id);
    expect(processed).toEqual([next.envelope_id]);
    const [sub] = subscriptionHealth((await bus.health()).details);
    expect(sub?.stats.dlqWriteFailures).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe("EventBusKafka publishing", () => {
  it("coalesces concurrent publishes and still delivers each key in call order", async () => {
    const bus = await startedBus();
    const source = topic("coalesce");
    const received: { key: string | null; n: unknown }[] = [];
    await bus.subscribe(source, group("coalesce"), (e, meta) => {
      received.push({ key: meta.key, n: e.payload.n });
      return Promise.resolve();
    });
    const keys = ["a", "b", "c", "d"];
    const sends = Array.from({ length: 400 }, (_, n) => bus.publishEnvelope(source, envelope({ n }), keys[n % keys.length]));
    await Promise.all(sends);
    await waitFor(() => received.length >= 400, { description: "400 messages" });
    for (const key of keys) {
      const order = received.filter((r) => r.key === key).map((r) => r.n);
      expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i * keys.length + keys.indexOf(key)));
    }
    expect(received).toHaveLength(400);
  }, 60_000);

  it("rejects invalid topic names with a ProtocolConfigurationError naming the topic", async () => {
    const bus = await startedBus();
    await expect(bus.publishEnvelope("bad topic!", envelope({}))).rejects.toThrow(ProtocolConfigurationError);
    await expect(bus.publish("{env}.onex.evt.node.registered.v1", { value: "x" })).rejects.toThrow(/\{env\}/);
    await expect(bus.subscribe("x".repeat(250), "g", () => Promise.resolve())).rejects.toThrow(/249/);
    const error: unknown = await bus.publishEnvelope("bad topic!", envelope({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolConfigurationError);
    expect((error as ProtocolConfigurationError).message).toContain('"bad topic!"');
  });
});

describe("EventBusKafka start offsets of a new group", () => {
  it("commits a new group's start offsets at subscribe, so messages published while it was down are all delivered to the same group", async () => {
    const bus = await startedBus();
    const source = topic("start-offsets");
    const groupId = group("start-offsets");
    await bus.publishEnvelope(source, envelope({ n: -1, old: true }), "k-old");
    const first = await bus.subscribe(source, groupId, () => Promise.resolve());
    // Durable before any message: a crash from here on cannot make the group's next start begin at the then-end.
    const admin = new Kafka({ clientId: uniqueName("onex-kbus-check"), brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [source] });
      expect(offsets?.partitions.length).toBe(3);
      expect(offsets?.partitions.every((p) => p.offset !== "-1")).toBe(true);
    } finally {
      await admin.disconnect();
    }
    await first();
    const count = 12;
    for (let n = 0; n < count; n += 1) await bus.publishEnvelope(source, envelope({ n }), `k-${n}`);
    const seen: unknown[] = [];
    await bus.subscribe(source, groupId, (received) => {
      seen.push(received.payload["n"]);
      return Promise.resolve();
    });
    await waitFor(() => seen.length >= count, { description: `${count} messages`, timeoutMs: 30_000 });
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: count }, (_, n) => n));
  }, 60_000);
});

describe("EventBusKafka health", () => {
  it("reports producer, circuit and per-subscription lag, which drains to zero once messages are handled", async () => {
    const bus = await startedBus({ groupIdPrefix: "svc" });
    const source = topic("lag");
    const gate = deferred();
    let handled = 0;
    const groupId = group("lag");
    await bus.subscribe(source, groupId, async () => {
      await gate.promise;
      handled += 1;
    });
    for (let n = 0; n < 5; n += 1) await bus.publishEnvelope(source, envelope({ n }), "one-key");
    await waitFor(async () => (subscriptionHealth((await bus.health()).details)[0]?.lag ?? 0) >= 5, { description: "lag of 5" });
    const busy = await bus.health();
    expect(busy.healthy).toBe(true);
    expect(busy.details).toMatchObject({ transport: "kafka", state: "started", circuitState: "closed", producer: { connected: true } });
    expect(subscriptionHealth(busy.details)[0]).toMatchObject({ topic: source, groupId: `svc.${groupId}`, state: "running" });
    gate.resolve();
    await waitFor(() => handled === 5, { description: "five handled" });
    await waitFor(async () => subscriptionHealth((await bus.health()).details)[0]?.lag === 0, { description: "lag back to zero" });
  }, 60_000);

  it("fails start() against an unreachable broker with an InfraConnectionError and logs nothing secret", async () => {
    const { logger, lines } = capturingLogger();
    const bus = new EventBusKafka({
      brokers: ["127.0.0.1:1"],
      clientId: uniqueName("onex-unreachable"),
      sasl: { mechanism: "plain", username: "app", password: SECRET },
      logger,
      kafkaLogLevel: "info",
      clientRetry: { retries: 0 },
      connectionTimeoutMs: 500,
    });
    const error: unknown = await bus.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraConnectionError);
    expect(error).toMatchObject({ errorCode: "SERVICE_UNAVAILABLE", transportType: "kafka", isRetryable: true });
    expect((error as InfraConnectionError).correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const health = await bus.health();
    expect(health.healthy).toBe(false);
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify({ lines, health, error: (error as InfraConnectionError).toJSON() })).not.toContain(SECRET);
    await bus.shutdown();
  }, 30_000);

  it("refuses an invalid configuration without echoing its values", () => {
    const build = (): EventBusKafka =>
      new EventBusKafka({ brokers: ["not a broker"], sasl: { mechanism: "plain", username: "app", password: SECRET } });
    expect(build).toThrow(ProtocolConfigurationError);
    expect(build).toThrow(/brokers\[0\]/);
    try {
      build();
    } catch (error) {
      expect(JSON.stringify((error as ProtocolConfigurationError).toJSON())).not.toContain(SECRET);
    }
  });
});
