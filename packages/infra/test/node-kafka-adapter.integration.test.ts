import { EnumCoreErrorCode, ModelONEXContainer } from "@onex/core";
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandlerKafka } from "../src/handlers/handler-kafka.js";
import { NodeKafkaAdapterEffect } from "../src/nodes/kafka_adapter/v1_0_0/node.js";
import { RegistryInfraKafkaAdapter } from "../src/nodes/kafka_adapter/v1_0_0/registry/registry-infra-kafka-adapter.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

const container = new ModelONEXContainer();
const node = () => RegistryInfraKafkaAdapter.resolve(container);
let handler: HandlerKafka;
const consumers: Consumer[] = [];

beforeAll(async () => {
  wireInfrastructureServices(container);
  handler = new HandlerKafka({ circuitBreakerFactory: container.resolveService(InfraServiceTokens.circuitBreakerFactory) });
  await handler.initialize({ brokers: testServices.kafkaBrokers, clientId: "onex-node-kafka-test", kafkaLogLevel: "nothing" });
  RegistryInfraKafkaAdapter.register(container, { handler });
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.disconnect()));
  await handler.shutdown();
  await container.dispose();
});

describe("NodeKafkaAdapterEffect against the real Kafka broker", () => {
  const topic = uniqueName("onex-node-kafka").replace(/[^a-zA-Z0-9._-]/g, "-");

  it("creates a topic once, lists it and describes its partitions", async () => {
    const created = await node().process({ operation: "kafka.topics.create", payload: { topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] } });
    expect(created).toMatchObject({ success: true, result: { created: [topic], existing: [] } });
    const again = await node().process({ operation: "kafka.topics.create", payload: { topics: [{ topic }] } });
    expect(again.result).toEqual({ created: [], existing: [topic] });

    const listed = await node().process({ operation: "kafka.topics.list", payload: { prefix: topic } });
    expect(listed.result?.topics).toEqual([topic]);
    const all = await node().process({ operation: "kafka.topics.list", payload: {} });
    expect(all.result?.topics).toContain(topic);
    expect(all.result?.topics?.some((name) => name.startsWith("__"))).toBe(false);

    const described = await node().process({ operation: "kafka.topics.describe", payload: { topics: [topic] } });
    expect(described.result?.descriptions).toEqual([{ topic, partitions: [expect.objectContaining({ partitionId: 0 }), expect.objectContaining({ partitionId: 1 })] }]);
  });

  it("produces keyed text and raw byte records that a kafkajs consumer reads back, correlation id included", async () => {
    const correlationId = crypto.randomUUID();
    const text = await node().process({
      operation: "kafka.produce",
      correlation_id: correlationId,
      payload: { topic, messages: [{ key: "order-1", value: "created", headers: { "event-type": "order.created" } }, { key: "order-1", value: "paid" }] },
    });
    expect(text).toMatchObject({ success: true, retry_count: 0, metadata: { via: "producer" }, result: { topic, count: 2 } });
    expect(text.result?.offsets).toHaveLength(1);
    const bytes = await node().process({
      operation: "kafka.produce",
      correlation_id: correlationId,
      payload: { topic, encoding: "base64", messages: [{ value: Buffer.from([0, 1, 2, 255]).toString("base64"), partition: 1 }] },
    });
    expect(bytes.result?.offsets?.map((offset) => offset.partition)).toEqual([1]);

    const kafka = new Kafka({ clientId: "onex-node-kafka-verify", brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName("onex-node-kafka-verify") });
    consumers.push(consumer);
    const seen: { key: string | null; value: Buffer; partition: number; headers: Record<string, string> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        seen.push({ key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), partition, headers });
        await Promise.resolve();
      },
    });
    await waitFor(() => seen.length >= 3, { timeoutMs: 30_000, description: "the three records" });

    const keyed = seen.filter((record) => record.key === "order-1");
    expect(keyed.map((record) => record.value.toString("utf8"))).toEqual(["created", "paid"]);
    expect(keyed[0]?.headers).toMatchObject({ "event-type": "order.created", "x-correlation-id": correlationId });
    expect(seen.find((record) => record.key === null)).toMatchObject({ partition: 1, value: Buffer.from([0, 1, 2, 255]) });
    expect(seen.every((record) => record.headers["x-correlation-id"] === correlationId)).toBe(true);
  });

  it("produces through a kafkajs producer passed in, and leaves it connected when the handler shuts down", async () => {
    const kafka = new Kafka({ clientId: "onex-node-kafka-own", brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const own = new HandlerKafka({ producer, kafka });
    await own.initialize({ kafkaLogLevel: "nothing" });
    const node = new NodeKafkaAdapterEffect(new ModelONEXContainer(), { handler: own });
    try {
      const out = await node.process({ operation: "kafka.produce", payload: { topic, messages: [{ key: "k", value: "via own producer", partition: 0 }] } });
      expect(out).toMatchObject({ success: true, result: { count: 1, offsets: [{ partition: 0 }] } });
      await own.shutdown();
      const [record] = await producer.send({ topic, acks: -1, messages: [{ value: "still connected", partition: 0 }] });
      expect(record?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
  });

  it("reports an unknown topic as a non-retried RESOURCE_NOT_FOUND failure", async () => {
    const missing = `${topic}-missing`;
    const out = await node().process({ operation: "kafka.topics.describe", payload: { topics: [missing] } });
    expect(out).toMatchObject({ success: false, retry_count: 0, result: null });
    expect(out.error?.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(out.error?.message).toContain(missing);
  });

  it("reports the cluster's health through the node", async () => {
    const health = await node().health();
    expect(health.healthy).toBe(true);
    expect(health.details).toMatchObject({ node: "kafka_adapter", handler: { handlerType: "kafka", clientId: "onex-node-kafka-test" } });
  });
});
