// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaAdapterInput".
// Content hash: sha256:30631d1bcf5f3db10affac9283a3cd517434a7fb8776eceb0836c7a072bf150c
import { z } from "zod";

/** One Kafka operation; `payload` is checked against the operation's payload model. */
export const ModelKafkaAdapterInput = z.strictObject({
  correlation_id: z.string().min(1).max(256).describe("Correlation id to propagate (also the x-correlation-id header of produced records); generated when absent.").optional(),
  operation: z.enum(["kafka.produce", "kafka.topics.create", "kafka.topics.list", "kafka.topics.describe"]),
  payload: z.record(z.string(), z.unknown()).describe("Arguments: KafkaProducePayload, KafkaTopicsCreatePayload, KafkaTopicsListPayload or KafkaTopicsDescribePayload."),
  timeout_ms: z.int().min(1).describe("Per-attempt timeout overriding error_handling.timeout_ms.").optional(),
}).describe("One Kafka operation; `payload` is checked against the operation's payload model.");

/** The type of {@link ModelKafkaAdapterInput} after parsing. */
export type ModelKafkaAdapterInput = z.infer<typeof ModelKafkaAdapterInput>;
