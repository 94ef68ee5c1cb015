// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultLeaseRevokePayload".
// Content hash: sha256:a570623d7a51808cc443fa42f39e622e2c6b9ec4c545be984375fb0529fc39db
import { z } from "zod";

/** Payload of vault.lease.revoke. */
export const ModelVaultLeaseRevokePayload = z.strictObject({
  leaseId: z.string().min(1),
}).describe("Payload of vault.lease.revoke.");

/** The type of {@link ModelVaultLeaseRevokePayload} after parsing. */
export type ModelVaultLeaseRevokePayload = z.infer<typeof ModelVaultLeaseRevokePayload>;
