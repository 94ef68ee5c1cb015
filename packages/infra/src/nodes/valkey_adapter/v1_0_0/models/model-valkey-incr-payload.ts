// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyIncrPayload".
// Content hash: sha256:eb594c342c8acd65d2b509bb2ecc602b61e489c60d3c9bec3bf47a17b32c8fae
import { z } from "zod";

/** Payload of valkey.incr. */
export const ModelValkeyIncrPayload = z.strictObject({
  by: z.int().describe("Increment (default 1; negative decrements).").optional(),
  key: z.string().min(1).max(8192),
}).describe("Payload of valkey.incr.");

/** The type of {@link ModelValkeyIncrPayload} after parsing. */
export type ModelValkeyIncrPayload = z.infer<typeof ModelValkeyIncrPayload>;
