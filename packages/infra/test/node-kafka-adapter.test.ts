// NodeKafkaAdapterEffect and HandlerKafka without a broker: produce through an event bus, payload limits, lifecycle,
// configuration errors and the mapping of an unreachable cluster.
import { createEventEnvelope, EnumCoreErrorCode, ModelONEXContainer } from "@onex/core";
import type { ProtocolEventBus, ProtocolEventBusMessage } from "@onex/spi";
import { describe, expect, it } from "vitest";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { InfraUnavailableError } from "../src/errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { HandlerKafka } from "../src/handlers/handler-kafka.js";
import { NodeKafkaAdapterEffect } from "../src/nodes/kafka_adapter/v1_0_0/node.js";
import { testServices } from "./support/test-services.js";

/** A bus that records raw publishes (only `publish` is used by the handler). */
function recordingBus(): { bus: ProtocolEventBus; published: { topic: string; message: ProtocolEventBusMessage }[] } {
  const published: { topic: string; message: ProtocolEventBusMessage }[] = [];
  const unused = (): Promise<never> => Promise.reject(new Error("not used"));
  const bus: ProtocolEventBus = {
    start: () => Promise.resolve(),
    publish: (topic, message) => {
      published.push({ topic, message });
      return Promise.resolve();
    },
    publishEnvelope: unused,
    subscribe: unused,
    health: () => Promise.resolve({ healthy: true, details: {} }),
    shutdown: () => Promise.resolve(),
  };
  return { bus, published };
}

async function nodeOnBus(config: Record<string, unknown> = {}) {
  const { bus, published } = recordingBus();
  const handler = new HandlerKafka({ eventBus: bus });
  await handler.initialize({ brokers: [...testServices.kafkaBrokers], ...config });
  return { node: new NodeKafkaAdapterEffect(new ModelONEXContainer(), { handler }), published, handler };
}

describe("NodeKafkaAdapterEffect producing through the event bus", () => {
  it("publishes every record in order with the correlation id header and reports via event_bus", async () => {
    const { node, published } = await nodeOnBus();
    const correlationId = crypto.randomUUID();
    const out = await node.process({
      operation: "kafka.produce",
      correlation_id: correlationId,
      payload: { topic: "dev.onex.evt.test.thing.v1", messages: [{ key: "a", value: "one", headers: { h: "1" } }, { value: "two" }] },
    });
    expect(out).toMatchObject({ success: true, metadata: { via: "event_bus" }, result: { topic: "dev.onex.evt.test.thing.v1", count: 2, offsets: [] } });
    expect(published.map(({ topic, message }) => [topic, message.key, Buffer.from(message.value).toString("utf8"), message.headers])).toEqual([
      ["dev.onex.evt.test.thing.v1", "a", "one", { "x-correlation-id": correlationId, h: "1" }],
      ["dev.onex.evt.test.thing.v1", null, "two", { "x-correlation-id": correlationId }],
    ]);
  });

  it("refuses an explicit partition or a tombstone through the bus, an oversized value, too many records and a bad topic", async () => {
    const { node, published } = await nodeOnBus({ maxMessageBytes: 4, maxMessagesPerProduce: 2 });
    const topic = "dev.onex.evt.test.thing.v1";
    const partition = await node.process({ operation: "kafka.produce", payload: { topic, messages: [{ value: "x", partition: 0 }] } });
    expect(partition.error?.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    const tombstone = await node.process({ operation: "kafka.produce", payload: { topic, messages: [{ key: "k", value: null }] } });
    expect(tombstone.error?.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    const large = await node.process({ operation: "kafka.produce", payload: { topic, messages: [{ value: "12345" }] } });
    expect(large.error?.errorCode).toBe(EnumCoreErrorCode.PAYLOAD_TOO_LARGE);
    const many = await node.process({ operation: "kafka.produce", payload: { topic, messages: [{ value: "1" }, { value: "2" }, { value: "3" }] } });
    expect(many.error?.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    const badTopic = await node.process({ operation: "kafka.produce", payload: { topic: "{env}.onex.evt.test.thing.v1", messages: [{ value: "1" }] } }).catch((error: unknown) => error);
    expect((badTopic as { errorCode?: unknown }).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect(published).toEqual([]);
  });
});

describe("HandlerKafka lifecycle and configuration", () => {
  it("rejects a configuration without brokers or client, and a second initialize", async () => {
    await expect(new HandlerKafka().initialize({})).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(new HandlerKafka().initialize({ brokers: ["not a broker"] })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    const handler = new HandlerKafka();
    await handler.initialize({ brokers: [...testServices.kafkaBrokers] });
    await expect(handler.initialize({ brokers: [...testServices.kafkaBrokers] })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    expect(handler.describe()).toMatchObject({ handlerType: "kafka", operations: ["kafka.produce", "kafka.topics.create", "kafka.topics.list", "kafka.topics.describe"] });
    await handler.shutdown();
  });

  it("refuses to execute before initialize and after shutdown, and reports itself unhealthy then", async () => {
    const handler = new HandlerKafka();
    const envelope = createEventEnvelope({ event_type: "kafka.topics.list.requested", source: "test", operation: "kafka.topics.list", payload: {} });
    await expect(handler.execute(envelope)).rejects.toBeInstanceOf(InfraUnavailableError);
    expect((await handler.health()).healthy).toBe(false);
    await handler.initialize({ brokers: [...testServices.kafkaBrokers] });
    await handler.shutdown();
    await expect(handler.execute(envelope)).rejects.toBeInstanceOf(InfraUnavailableError);
    expect((await handler.health()).details).toMatchObject({ reason: "shut down" });
  });

  it("maps an unreachable cluster to InfraConnectionError with the kafka code SERVICE_UNAVAILABLE", async () => {
    const handler = new HandlerKafka();
    await handler.initialize({ brokers: ["127.0.0.1:1"], connectionTimeoutMs: 200, retry: { retries: 1, initialRetryTimeMs: 10, maxRetryTimeMs: 20 }, kafkaLogLevel: "nothing" });
    const correlationId = crypto.randomUUID();
    const envelope = createEventEnvelope({ event_type: "kafka.topics.list.requested", source: "test", operation: "kafka.topics.list", payload: {}, correlation_id: correlationId });
    const error = await handler.execute(envelope).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InfraConnectionError);
    expect((error as InfraConnectionError).errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
    expect((error as InfraConnectionError).correlationId).toBe(correlationId);
    expect((error as InfraConnectionError).transportType).toBe("kafka");
    await handler.shutdown();
  });
});
