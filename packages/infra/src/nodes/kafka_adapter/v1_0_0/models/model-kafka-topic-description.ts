// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaTopicDescription".
// Content hash: sha256:4c2068779f1754b0198309a4539d9d06832607f4e344ca5eaa60933855f37a57
import { z } from "zod";
import { ModelKafkaPartitionDescription } from "./model-kafka-partition-description.js";

/** A described topic. */
export const ModelKafkaTopicDescription = z.looseObject({
  partitions: z.array(ModelKafkaPartitionDescription),
  topic: z.string(),
}).describe("A described topic.");

/** The type of {@link ModelKafkaTopicDescription} after parsing. */
export type ModelKafkaTopicDescription = z.infer<typeof ModelKafkaTopicDescription>;
