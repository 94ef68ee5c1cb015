// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaPartitionDescription".
// Content hash: sha256:81fcc103fecdd45280d2590e23af84b5916de62a3b5e64e3893dea981895fe77
import { z } from "zod";

/** One partition of a described topic. */
export const ModelKafkaPartitionDescription = z.looseObject({
  isr: z.array(z.int()),
  leader: z.int(),
  partitionId: z.int().min(0),
  replicas: z.array(z.int()),
}).describe("One partition of a described topic.");

/** The type of {@link ModelKafkaPartitionDescription} after parsing. */
export type ModelKafkaPartitionDescription = z.infer<typeof ModelKafkaPartitionDescription>;
