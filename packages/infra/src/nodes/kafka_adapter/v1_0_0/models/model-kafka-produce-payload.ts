// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", definition "KafkaProducePayload".
// Content hash: sha256:7e510c953f30327eadcebbe97ac3cc26d8e8550764f39a9524cc09c8c2783916
import { z } from "zod";
import { ModelKafkaMessage } from "./model-kafka-message.js";

/** Payload of kafka.produce. */
export const ModelKafkaProducePayload = z.strictObject({
  encoding: z.enum(["utf8", "base64"]).describe("How values are encoded: text (utf8, default) or bytes (base64).").optional(),
  messages: z.array(ModelKafkaMessage).describe("Records in order (at least one)."),
  topic: z.string().min(1).max(249).regex(new RegExp("^[a-zA-Z0-9._-]+$")),
}).describe("Payload of kafka.produce.");

/** The type of {@link ModelKafkaProducePayload} after parsing. */
export type ModelKafkaProducePayload = z.infer<typeof ModelKafkaProducePayload>;
