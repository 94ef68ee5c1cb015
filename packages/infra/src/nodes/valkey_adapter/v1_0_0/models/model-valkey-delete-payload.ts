// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyDeletePayload".
// Content hash: sha256:1e6914221b48649a8da90c22578b37c72bdfd37a954bd36bf2b3d5c20b9ae980
import { z } from "zod";

/** Payload of valkey.delete (exactly one of key and keys). */
export const ModelValkeyDeletePayload = z.strictObject({
  key: z.string().min(1).max(8192).optional(),
  keys: z.array(z.string().min(1).max(8192)).describe("1 to 1000 keys.").optional(),
}).describe("Payload of valkey.delete (exactly one of key and keys).");

/** The type of {@link ModelValkeyDeletePayload} after parsing. */
export type ModelValkeyDeletePayload = z.infer<typeof ModelValkeyDeletePayload>;
