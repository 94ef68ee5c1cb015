// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaTopicSpec".
// Content hash: sha256:fe6b82e3da603ce2c1763dfb1369d208915a51e476ed939bc95ab35976b0d6a7
import { z } from "zod";

/** A topic to create. */
export const ModelKafkaTopicSpec = z.strictObject({
  configEntries: z.record(z.string(), z.unknown()).describe("Topic configs, e.g. cleanup.policy: compact (string values).").optional(),
  numPartitions: z.int().min(1).optional(),
  replicationFactor: z.int().min(1).optional(),
  topic: z.string().min(1).max(249).regex(new RegExp("^[a-zA-Z0-9._-]+$")),
}).describe("A topic to create.");

/** The type of {@link ModelKafkaTopicSpec} after parsing. */
export type ModelKafkaTopicSpec = z.infer<typeof ModelKafkaTopicSpec>;
