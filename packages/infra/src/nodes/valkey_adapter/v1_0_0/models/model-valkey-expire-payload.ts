// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyExpirePayload".
// Content hash: sha256:abb413c73c2d92350e5adccf07e60a866b9c6df694bec738cd4a20c581ca9c44
import { z } from "zod";

/** Payload of valkey.expire (exactly one of ttlMs and ttlSeconds). */
export const ModelValkeyExpirePayload = z.strictObject({
  key: z.string().min(1).max(8192),
  ttlMs: z.int().min(1).optional(),
  ttlSeconds: z.number().optional(),
}).describe("Payload of valkey.expire (exactly one of ttlMs and ttlSeconds).");

/** The type of {@link ModelValkeyExpirePayload} after parsing. */
export type ModelValkeyExpirePayload = z.infer<typeof ModelValkeyExpirePayload>;
