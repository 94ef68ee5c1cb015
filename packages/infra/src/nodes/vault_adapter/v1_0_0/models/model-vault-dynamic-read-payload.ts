// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultDynamicReadPayload".
// Content hash: sha256:0db7b0a85af1ad2abc851d783a786a38aaff20370b146128432ba9617880071a
import { z } from "zod";

/** Payload of vault.dynamic.read (leased credentials, cached and renewed by the handler). */
export const ModelVaultDynamicReadPayload = z.strictObject({
  forceNew: z.boolean().describe("Drop the cached lease and read new credentials.").optional(),
  path: z.string().min(1).max(1024).describe("A dynamic-secret endpoint, e.g. database/creds/readonly."),
}).describe("Payload of vault.dynamic.read (leased credentials, cached and renewed by the handler).");

/** The type of {@link ModelVaultDynamicReadPayload} after parsing. */
export type ModelVaultDynamicReadPayload = z.infer<typeof ModelVaultDynamicReadPayload>;
