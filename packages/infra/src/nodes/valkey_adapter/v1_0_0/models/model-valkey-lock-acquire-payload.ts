// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyLockAcquirePayload".
// Content hash: sha256:7e4da592664f3093303a6429ae7eb5c102b8cda24507170fec961f2ef0356ff8
import { z } from "zod";

/** Payload of valkey.lock.acquire; waits up to waitMs for a held lock. */
export const ModelValkeyLockAcquirePayload = z.strictObject({
  key: z.string().min(1).max(8192),
  ttlMs: z.int().min(1).describe("The lock expires after this long unless released."),
  waitMs: z.int().min(0).optional(),
}).describe("Payload of valkey.lock.acquire; waits up to waitMs for a held lock.");

/** The type of {@link ModelValkeyLockAcquirePayload} after parsing. */
export type ModelValkeyLockAcquirePayload = z.infer<typeof ModelValkeyLockAcquirePayload>;
