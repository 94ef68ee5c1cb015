// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyAdapterInput".
// Content hash: sha256:8f9840a23e174430f9340b8c467ecdd2a5eab866564b41cf5150a32769e26a69
import { z } from "zod";

/** One Valkey operation; `payload` is checked against the operation's payload model. */
export const ModelValkeyAdapterInput = z.strictObject({
  correlation_id: z.string().min(1).max(256).describe("Correlation id to propagate; generated when absent.").optional(),
  operation: z.enum(["valkey.get", "valkey.set", "valkey.delete", "valkey.incr", "valkey.expire", "valkey.publish", "valkey.lock.acquire", "valkey.lock.release"]),
  payload: z.record(z.string(), z.unknown()).describe("Arguments: the Valkey<Operation>Payload model of the operation."),
  timeout_ms: z.int().min(1).describe("Per-attempt timeout overriding error_handling.timeout_ms.").optional(),
}).describe("One Valkey operation; `payload` is checked against the operation's payload model.");

/** The type of {@link ModelValkeyAdapterInput} after parsing. */
export type ModelValkeyAdapterInput = z.infer<typeof ModelValkeyAdapterInput>;
