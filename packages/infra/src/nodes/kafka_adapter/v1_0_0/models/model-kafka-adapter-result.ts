// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaAdapterResult".
// Content hash: sha256:b4913d5cd629f45ca24fca1f44a6b32e8476b6ed8f9802e6ee4335e06b7a87ea
import { z } from "zod";
import { ModelKafkaTopicDescription } from "./model-kafka-topic-description.js";

/** What the kafka handler returned; which fields are set depends on the operation. */
export const ModelKafkaAdapterResult = z.looseObject({
  count: z.int().min(0).describe("produce: records written.").optional(),
  created: z.array(z.string()).describe("topics.create: topics created now.").optional(),
  descriptions: z.array(ModelKafkaTopicDescription).describe("topics.describe: the topics.").optional(),
  existing: z.array(z.string()).describe("topics.create: topics that already existed.").optional(),
  offsets: z.array(z.object({
    baseOffset: z.string(),
    partition: z.int().min(0),
  })).describe("produce: base offset per partition written (empty through the event bus).").optional(),
  topic: z.string().describe("produce: the topic written.").optional(),
  topics: z.array(z.string()).describe("topics.list: topic names, sorted.").optional(),
}).describe("What the kafka handler returned; which fields are set depends on the operation.");

/** The type of {@link ModelKafkaAdapterResult} after parsing. */
export type ModelKafkaAdapterResult = z.infer<typeof ModelKafkaAdapterResult>;
