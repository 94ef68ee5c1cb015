// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaTopicsListPayload".
// Content hash: sha256:28058c6726181b9c34c9b57c496b4246b91c336ae632b9f5754bd53ef98f8b2d
import { z } from "zod";

/** Payload of kafka.topics.list. */
export const ModelKafkaTopicsListPayload = z.strictObject({
  includeInternal: z.boolean().describe("Include internal topics such as __consumer_offsets.").optional(),
  prefix: z.string().max(249).optional(),
}).describe("Payload of kafka.topics.list.");

/** The type of {@link ModelKafkaTopicsListPayload} after parsing. */
export type ModelKafkaTopicsListPayload = z.infer<typeof ModelKafkaTopicsListPayload>;
