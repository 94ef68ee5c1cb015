// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvPathPayload".
// Content hash: sha256:7dba7d1bcde2b9221ed8c90573ce48d563685a897e4b4b54225f32e35b0696d8
import { z } from "zod";

/** Payload of vault.kv.metadata. */
export const ModelVaultKvPathPayload = z.strictObject({
  path: z.string().min(1).max(1024),
}).describe("Payload of vault.kv.metadata.");

/** The type of {@link ModelVaultKvPathPayload} after parsing. */
export type ModelVaultKvPathPayload = z.infer<typeof ModelVaultKvPathPayload>;
