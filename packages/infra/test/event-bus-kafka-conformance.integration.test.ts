import { Kafka, logLevel } from "kafkajs";
import { EventBusKafka } from "../src/event-bus/event-bus-kafka.js";
import { describeEventBusConformance } from "./support/event-bus-conformance.js";
import { testServices, uniqueName } from "./support/test-services.js";

async function deleteTopics(prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: "onex-test-cleanup", brokers: [...testServices.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // Cleanup is best effort: names are unique per run anyway.
  } finally {
    await admin.disconnect();
  }
}

describeEventBusConformance("EventBusKafka", () => {
  const prefix = uniqueName("onex-conf");
  const bus = new EventBusKafka({
    brokers: [...testServices.kafkaBrokers],
    clientId: prefix,
    env: "test",
    createTopics: true,
    numPartitions: 3,
    retryInitialDelayMs: 20,
    retryMaxDelayMs: 200,
    drainTimeoutMs: 10_000,
    // Members of one group notice a rebalance at their next heartbeat.
    heartbeatIntervalMs: 500,
  });
  return Promise.resolve({
    bus,
    topic: (base: string) => `${prefix}.${base}`,
    cleanup: async () => {
      await bus.shutdown({ drainTimeoutMs: 10_000 });
      await deleteTopics(prefix);
    },
  });
});
