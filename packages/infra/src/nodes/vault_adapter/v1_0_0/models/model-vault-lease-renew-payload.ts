// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultLeaseRenewPayload".
// Content hash: sha256:609752cf93fca5d7e8265a8a7b5b8cbde21f1f5555e49421e3462124c0749a25
import { z } from "zod";

/** Payload of vault.lease.renew. */
export const ModelVaultLeaseRenewPayload = z.strictObject({
  incrementSeconds: z.int().min(1).optional(),
  leaseId: z.string().min(1),
}).describe("Payload of vault.lease.renew.");

/** The type of {@link ModelVaultLeaseRenewPayload} after parsing. */
export type ModelVaultLeaseRenewPayload = z.infer<typeof ModelVaultLeaseRenewPayload>;
