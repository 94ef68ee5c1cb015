// The runtime on real services: Kafka bus, PostgreSQL (handler and idempotency store) and Valkey, selected from
// the same variables an operator sets. Needs the loopback services (`pnpm test:all` starts them).
import { randomUUID } from "node:crypto";
import { RegistryInfraKafkaAdapter, RegistryInfraPostgresAdapter, RegistryInfraValkeyAdapter } from "@onex/infra";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuntime, type RunningRuntime } from "../src/host/runtime-process.js";
import { RuntimeServiceTokens } from "../src/host/util-runtime-tokens.js";
import { testConfig, captureLogger } from "./support/runtime-fixture.js";

const services = {
  KAFKA_BOOTSTRAP_SERVERS: process.env.ONEX_TEST_KAFKA_BROKERS ?? "127.0.0.1:9092",
  DATABASE_URL: process.env.ONEX_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  VALKEY_URL: process.env.ONEX_TEST_VALKEY_URL ?? "redis://127.0.0.1:6379",
};
const env = `it${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let runtime: RunningRuntime;

beforeAll(async () => {
  const logs = captureLogger();
  runtime = await startRuntime({ config: testConfig({ env, drain_timeout_ms: 10_000, http: { port: 0 }, bus: { group_id: `onex-runtime-${env}` } }), env: services, logger: logs.logger });
}, 120_000);

afterAll(async () => {
  expect(await runtime.stop()).toBe(true);
}, 60_000);

async function submit(operation: string, payload: Record<string, unknown>): Promise<{ event_type: string; payload: Record<string, unknown> }> {
  const response = await runtime.hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation, payload, wait: true, timeout_ms: 20_000 } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("runtime on Kafka, PostgreSQL and Valkey", () => {
  it("selects the real backends and reports them healthy", async () => {
    const handlers = runtime.host.handlers().map((h) => [h.handlerType, h.status]);
    expect(handlers).toEqual(expect.arrayContaining([["db", "started"], ["valkey", "started"], ["http", "started"], ["kafka", "started"]]));
    for (const adapter of [RegistryInfraPostgresAdapter, RegistryInfraValkeyAdapter, RegistryInfraKafkaAdapter]) expect(runtime.host.container.isRegistered(adapter.tokens.node)).toBe(true);
    const health = await runtime.host.health();
    expect(health.components.bus?.details).toMatchObject({ transport: "kafka" });
    expect(health.components.idempotency?.healthy).toBe(true);
  });

  it("routes kafka.* commands to the kafka handler, which produces through the runtime's bus", async () => {
    const topic = `${env}.onex.evt.e2e.kafka-handler.v1`;
    expect((await submit("kafka.topics.create", { topics: [{ topic, numPartitions: 1 }] })).payload).toMatchObject({ created: [topic] });
    expect((await submit("kafka.produce", { topic, messages: [{ key: "k", value: "hello" }] })).payload).toMatchObject({ topic, count: 1 });
  });

  it("has a committed start offset on every partition of the runtime's intake group before it consumes", async () => {
    const groups = await (async () => {
      const admin = new Kafka({ clientId: `${env}-check`, brokers: services.KAFKA_BOOTSTRAP_SERVERS.split(","), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchOffsets({ groupId: runtime.host.config.bus.group_id, topics: [runtime.host.topics.input] });
        return offsets[0]?.partitions.map((p) => p.offset) ?? [];
      } finally {
        await admin.disconnect();
      }
    })();
    // The bus committed the new group's start offsets at subscribe: every partition of the input topic has a
    // committed position, not "-1" (none), so a crash before the first processed message cannot skip to the end.
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((offset) => offset !== "-1")).toBe(true);
  });

  it("answers db and valkey commands through the Kafka topics", async () => {
    expect((await submit("db.query", { sql: "select $1::int as n", params: [7] })).payload).toMatchObject({ rows: [{ n: 7 }] });
    const key = `onex-runtime-it-${randomUUID()}`;
    expect((await submit("valkey.set", { key, value: "v", ttlSeconds: 30 })).payload).toEqual({ written: true });
    expect((await submit("valkey.get", { key })).payload).toEqual({ value: "v" });
  });

  it("answers a malformed Kafka message with an error envelope and keeps it in the DLQ view", async () => {
    const bus = runtime.host.container.resolveService(RuntimeServiceTokens.eventBus);
    const correlationId = randomUUID();
    let answer: ((payload: Record<string, unknown>) => void) | undefined;
    const answered = new Promise<Record<string, unknown>>((resolve) => (answer = resolve));
    const unsubscribe = await bus.subscribe(runtime.host.topics.output, `probe-${env}`, (envelope) => {
      if (envelope.correlation_id === correlationId) answer?.(envelope.payload);
      return Promise.resolve();
    });
    await bus.publish(runtime.host.topics.input, { key: correlationId, value: JSON.stringify({ correlation_id: correlationId, operation: "db.query" }) });
    expect(await answered).toMatchObject({ errorCode: "VALIDATION_ERROR", correlationId });
    await expect
      .poll(() => runtime.host.dlq?.list().some((e) => e.message.kind === "raw" && e.message.value.includes(correlationId)), { timeout: 20_000 })
      .toBe(true);
    await unsubscribe();
  }, 60_000);
});
