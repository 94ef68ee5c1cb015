// TLS and SASL settings of a kafkajs client, shared by the event bus and the Kafka handler (one config shape).
import type { SASLOptions } from "kafkajs";
import type { ConnectionOptions } from "node:tls";
import type { ModelEventBusKafkaConfig } from "./model-event-bus-kafka-config.js";

/** kafkajs `sasl` option from the validated config; credentials go to kafkajs only. */
export function kafkaSasl(sasl: ModelEventBusKafkaConfig["sasl"]): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  switch (sasl.mechanism) {
    case "plain":
      return { mechanism: "plain", username: sasl.username, password: sasl.password };
    case "scram-sha-256":
      return { mechanism: "scram-sha-256", username: sasl.username, password: sasl.password };
    case "scram-sha-512":
      return { mechanism: "scram-sha-512", username: sasl.username, password: sasl.password };
  }
}

/** kafkajs `ssl` option: `true`/`false`, or TLS options without the unset keys. */
export function kafkaSsl(ssl: ModelEventBusKafkaConfig["ssl"]): boolean | ConnectionOptions | undefined {
  if (ssl === undefined || typeof ssl === "boolean") return ssl;
  return Object.fromEntries(Object.entries(ssl).filter(([, value]) => value !== undefined));
}
