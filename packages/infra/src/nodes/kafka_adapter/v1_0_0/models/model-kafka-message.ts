// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaMessage".
// Content hash: sha256:aa8092aa774993ea4ba726a1987080d2b4e5e6d1aa9f021c8b852c5271113478
import { z } from "zod";

/** One record to produce. */
export const ModelKafkaMessage = z.strictObject({
  headers: z.record(z.string(), z.unknown()).describe("String headers; x-correlation-id is set to the request's correlation id.").optional(),
  key: z.string().nullable().describe("Partitioning key; records with the same key keep their order.").optional(),
  partition: z.int().min(0).describe("Explicit partition (not through the event bus).").optional(),
  value: z.string().nullable().describe("The value, encoded as the payload's encoding says; null writes a tombstone."),
}).describe("One record to produce.");

/** The type of {@link ModelKafkaMessage} after parsing. */
export type ModelKafkaMessage = z.infer<typeof ModelKafkaMessage>;
