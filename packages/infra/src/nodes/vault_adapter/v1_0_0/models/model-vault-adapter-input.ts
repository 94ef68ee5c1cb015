// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultAdapterInput".
// Content hash: sha256:69d25eb51e7aa20557723522b22e26bd0810c85a833032c542ba8bc7c26c35ad
import { z } from "zod";

/** One Vault operation; `payload` is checked against the operation's payload model. */
export const ModelVaultAdapterInput = z.strictObject({
  correlation_id: z.string().min(1).max(256).describe("Correlation id to propagate; generated when absent.").optional(),
  operation: z.enum(["vault.kv.read", "vault.kv.write", "vault.kv.delete", "vault.kv.undelete", "vault.kv.metadata", "vault.kv.list", "vault.token.lookup", "vault.lease.renew", "vault.lease.revoke", "vault.dynamic.read"]),
  payload: z.record(z.string(), z.unknown()).describe("Arguments: the Vault<Operation>Payload model of the operation."),
  timeout_ms: z.int().min(1).describe("Per-attempt timeout overriding error_handling.timeout_ms.").optional(),
}).describe("One Vault operation; `payload` is checked against the operation's payload model.");

/** The type of {@link ModelVaultAdapterInput} after parsing. */
export type ModelVaultAdapterInput = z.infer<typeof ModelVaultAdapterInput>;
