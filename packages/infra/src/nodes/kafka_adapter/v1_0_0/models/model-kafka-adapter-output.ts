// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaAdapterOutput".
// Content hash: sha256:6f658b727f046eabd44d651fd7beea4fc796e4e4ef5a62908ccbd23f982d08f4
import { z } from "zod";
import { ModelKafkaAdapterError } from "./model-kafka-adapter-error.js";
import { ModelKafkaAdapterResult } from "./model-kafka-adapter-result.js";

/** Outcome of one Kafka operation. */
export const ModelKafkaAdapterOutput = z.object({
  correlation_id: z.string().min(1),
  error: ModelKafkaAdapterError.nullable().describe("The error; null on success."),
  metadata: z.record(z.string(), z.unknown()).describe("Facts the handler reported (via: producer or event_bus)."),
  operation: z.enum(["kafka.produce", "kafka.topics.create", "kafka.topics.list", "kafka.topics.describe"]),
  processing_time_ms: z.number().min(0),
  result: ModelKafkaAdapterResult.nullable().describe("The handler's result; null on failure."),
  retry_count: z.int().min(0).describe("Retries by the node (always 0; see error_handling)."),
  success: z.boolean(),
}).describe("Outcome of one Kafka operation.");

/** The type of {@link ModelKafkaAdapterOutput} after parsing. */
export type ModelKafkaAdapterOutput = z.infer<typeof ModelKafkaAdapterOutput>;
