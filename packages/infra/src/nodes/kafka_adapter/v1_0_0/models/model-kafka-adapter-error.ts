// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaAdapterError".
// Content hash: sha256:1309f4e9079af2885e5702c89aeaab3602d76f6d8816e3f858d81886108d870d
import { z } from "zod";

/** A failed operation, as the JSON form of the ONEX error (never a SASL password). */
export const ModelKafkaAdapterError = z.looseObject({
  cause: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  errorCode: z.string(),
  message: z.string(),
  name: z.string(),
  status: z.int(),
  timestamp: z.string(),
}).describe("A failed operation, as the JSON form of the ONEX error (never a SASL password).");

/** The type of {@link ModelKafkaAdapterError} after parsing. */
export type ModelKafkaAdapterError = z.infer<typeof ModelKafkaAdapterError>;
