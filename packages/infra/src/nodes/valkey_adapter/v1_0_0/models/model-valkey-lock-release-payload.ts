// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyLockReleasePayload".
// Content hash: sha256:d5e110425ecd80b7717477a191261ffc433ab68f4017e53234890e42bd5f5461
import { z } from "zod";

/** Payload of valkey.lock.release (only the holder's token releases). */
export const ModelValkeyLockReleasePayload = z.strictObject({
  key: z.string().min(1).max(8192),
  token: z.string().min(1).max(256),
}).describe("Payload of valkey.lock.release (only the holder's token releases).");

/** The type of {@link ModelValkeyLockReleasePayload} after parsing. */
export type ModelValkeyLockReleasePayload = z.infer<typeof ModelValkeyLockReleasePayload>;
