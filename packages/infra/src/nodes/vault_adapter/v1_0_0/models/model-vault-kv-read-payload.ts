// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvReadPayload".
// Content hash: sha256:3a7c40f5b5dbcc37b31c41abc1f89e59b5d42f36b08b58a36a6f1d152f4b8a0a
import { z } from "zod";

/** Payload of vault.kv.read: the whole secret, or one key of it as a string. */
export const ModelVaultKvReadPayload = z.strictObject({
  key: z.string().min(1).optional(),
  path: z.string().min(1).max(1024).describe("Path inside the KV mount, e.g. app/db (no leading or trailing /)."),
  version: z.int().min(1).optional(),
}).describe("Payload of vault.kv.read: the whole secret, or one key of it as a string.");

/** The type of {@link ModelVaultKvReadPayload} after parsing. */
export type ModelVaultKvReadPayload = z.infer<typeof ModelVaultKvReadPayload>;
