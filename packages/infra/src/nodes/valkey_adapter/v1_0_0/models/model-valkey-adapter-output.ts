// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyAdapterOutput".
// Content hash: sha256:50cf13e614facfd231118fe640740a92a66d9840182fa0371b7cac49a1aed590
import { z } from "zod";
import { ModelValkeyAdapterError } from "./model-valkey-adapter-error.js";
import { ModelValkeyAdapterResult } from "./model-valkey-adapter-result.js";

/** Outcome of one Valkey operation. */
export const ModelValkeyAdapterOutput = z.object({
  correlation_id: z.string().min(1),
  error: ModelValkeyAdapterError.nullable().describe("The error; null on success."),
  metadata: z.record(z.string(), z.unknown()).describe("Facts the handler reported."),
  operation: z.enum(["valkey.get", "valkey.set", "valkey.delete", "valkey.incr", "valkey.expire", "valkey.publish", "valkey.lock.acquire", "valkey.lock.release"]),
  processing_time_ms: z.number().min(0),
  result: ModelValkeyAdapterResult.nullable().describe("The handler's result; null on failure."),
  retry_count: z.int().min(0).describe("Retries by the node (always 0; see error_handling)."),
  success: z.boolean(),
}).describe("Outcome of one Valkey operation.");

/** The type of {@link ModelValkeyAdapterOutput} after parsing. */
export type ModelValkeyAdapterOutput = z.infer<typeof ModelValkeyAdapterOutput>;
