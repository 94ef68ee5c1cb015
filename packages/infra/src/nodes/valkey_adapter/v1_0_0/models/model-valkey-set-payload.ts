// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeySetPayload".
// Content hash: sha256:36102280b394cb6f332b5c1045284ab1162987953a6f95cc31c02ecaf007d272
import { z } from "zod";

/** Payload of valkey.set (at most one of ttlMs and ttlSeconds). */
export const ModelValkeySetPayload = z.strictObject({
  key: z.string().min(1).max(8192),
  nx: z.boolean().describe("Write only if the key does not exist.").optional(),
  ttlMs: z.int().min(1).optional(),
  ttlSeconds: z.number().describe("Expiry in seconds (positive).").optional(),
  value: z.string(),
}).describe("Payload of valkey.set (at most one of ttlMs and ttlSeconds).");

/** The type of {@link ModelValkeySetPayload} after parsing. */
export type ModelValkeySetPayload = z.infer<typeof ModelValkeySetPayload>;
