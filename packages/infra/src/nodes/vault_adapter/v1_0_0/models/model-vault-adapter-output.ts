// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultAdapterOutput".
// Content hash: sha256:72c7dcb9b299e5077632788a679baf24552c2473327c33de304f1eeb1b344dc2
import { z } from "zod";
import { ModelVaultAdapterError } from "./model-vault-adapter-error.js";
import { ModelVaultAdapterResult } from "./model-vault-adapter-result.js";

/** Outcome of one Vault operation. */
export const ModelVaultAdapterOutput = z.object({
  correlation_id: z.string().min(1),
  error: ModelVaultAdapterError.nullable().describe("The error; null on success."),
  metadata: z.record(z.string(), z.unknown()).describe("Facts the handler reported (backend, durationMs)."),
  operation: z.enum(["vault.kv.read", "vault.kv.write", "vault.kv.delete", "vault.kv.undelete", "vault.kv.metadata", "vault.kv.list", "vault.token.lookup", "vault.lease.renew", "vault.lease.revoke", "vault.dynamic.read"]),
  processing_time_ms: z.number().min(0),
  result: ModelVaultAdapterResult.nullable().describe("The handler's result; null on failure."),
  retry_count: z.int().min(0).describe("Retries by the node's retry policy."),
  success: z.boolean(),
}).describe("Outcome of one Vault operation.");

/** The type of {@link ModelVaultAdapterOutput} after parsing. */
export type ModelVaultAdapterOutput = z.infer<typeof ModelVaultAdapterOutput>;
