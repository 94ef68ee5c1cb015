// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvUndeletePayload".
// Content hash: sha256:941f4b08566ce44210db80a505e114c16daa625b8aa5385563841b422cc067a5
import { z } from "zod";

/** Payload of vault.kv.undelete. */
export const ModelVaultKvUndeletePayload = z.strictObject({
  path: z.string().min(1).max(1024),
  versions: z.array(z.int().min(1)),
}).describe("Payload of vault.kv.undelete.");

/** The type of {@link ModelVaultKvUndeletePayload} after parsing. */
export type ModelVaultKvUndeletePayload = z.infer<typeof ModelVaultKvUndeletePayload>;
