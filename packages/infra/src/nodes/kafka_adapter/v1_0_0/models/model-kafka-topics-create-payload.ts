// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaTopicsCreatePayload".
// Content hash: sha256:ddb52b8f730061679588805adafcb504362ad631217087fc23a381677319b208
import { z } from "zod";
import { ModelKafkaTopicSpec } from "./model-kafka-topic-spec.js";

/** Payload of kafka.topics.create (topics that already exist are reported, not an error). */
export const ModelKafkaTopicsCreatePayload = z.strictObject({
  timeoutMs: z.int().min(1).optional(),
  topics: z.array(ModelKafkaTopicSpec),
  waitForLeaders: z.boolean().describe("Wait until every new partition has a leader (default true).").optional(),
}).describe("Payload of kafka.topics.create (topics that already exist are reported, not an error).");

/** The type of {@link ModelKafkaTopicsCreatePayload} after parsing. */
export type ModelKafkaTopicsCreatePayload = z.infer<typeof ModelKafkaTopicsCreatePayload>;
