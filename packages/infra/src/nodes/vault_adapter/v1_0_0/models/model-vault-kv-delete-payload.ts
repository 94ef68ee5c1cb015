// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvDeletePayload".
// Content hash: sha256:6092066757fdddf29c9df055fd7455009886b185eacd263eeff6dfecb393cd04
import { z } from "zod";

/** Payload of vault.kv.delete (soft delete of the latest or given versions, destroy, or everything). */
export const ModelVaultKvDeletePayload = z.strictObject({
  allVersions: z.boolean().describe("Delete the metadata and every version.").optional(),
  destroy: z.boolean().describe("Destroy versions for good instead of soft-deleting them.").optional(),
  path: z.string().min(1).max(1024),
  versions: z.array(z.int().min(1)).optional(),
}).describe("Payload of vault.kv.delete (soft delete of the latest or given versions, destroy, or everything).");

/** The type of {@link ModelVaultKvDeletePayload} after parsing. */
export type ModelVaultKvDeletePayload = z.infer<typeof ModelVaultKvDeletePayload>;
