// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaTopicsDescribePayload".
// Content hash: sha256:9701498d6cccb90dec849058e47d38c4558153d3409ddae770bcbec2ecb53abc
import { z } from "zod";

/** Payload of kafka.topics.describe. */
export const ModelKafkaTopicsDescribePayload = z.strictObject({
  topics: z.array(z.string().min(1).max(249)),
}).describe("Payload of kafka.topics.describe.");

/** The type of {@link ModelKafkaTopicsDescribePayload} after parsing. */
export type ModelKafkaTopicsDescribePayload = z.infer<typeof ModelKafkaTopicsDescribePayload>;
