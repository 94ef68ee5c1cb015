import { Valkey } from "iovalkey";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testServices, uniqueName } from "./support/test-services.js";

describe("real services answer from the test suite", () => {
  it("PostgreSQL runs select 1 through pg", async () => {
    const client = new pg.Client({ connectionString: testServices.postgresUrl });
    await client.connect();
    try {
      const result = await client.query<{ one: number }>("select 1 as one");
      expect(result.rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it("Valkey does SET and GET through iovalkey", async () => {
    const client = new Valkey(testServices.valkeyUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      const key = uniqueName("onex-smoke");
      await client.set(key, "hello", "PX", 10_000);
      expect(await client.get(key)).toBe("hello");
      await client.del(key);
    } finally {
      client.disconnect();
    }
  });

  it("Kafka produces and consumes one message through kafkajs", async () => {
    const kafka = new Kafka({ clientId: "onex-smoke", brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING });
    const topic = uniqueName("onex-smoke");
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: "k", value: "hello kafka" }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName("onex-smoke-group") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          resolve(message.value?.toString() ?? "");
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(received).toBe("hello kafka");
  });
});
