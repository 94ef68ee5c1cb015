// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyAdapterError".
// Content hash: sha256:ba793342fbd185b783b6e3c426b64e11f4b1e999bfe6f5ef23dbf49f70a28117
import { z } from "zod";

/** A failed operation, as the JSON form of the ONEX error (never a password). */
export const ModelValkeyAdapterError = z.looseObject({
  cause: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  errorCode: z.string(),
  message: z.string(),
  name: z.string(),
  status: z.int(),
  timestamp: z.string(),
}).describe("A failed operation, as the JSON form of the ONEX error (never a password).");

/** The type of {@link ModelValkeyAdapterError} after parsing. */
export type ModelValkeyAdapterError = z.infer<typeof ModelValkeyAdapterError>;
