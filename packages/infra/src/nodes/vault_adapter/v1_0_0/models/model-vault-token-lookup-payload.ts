// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultTokenLookupPayload".
// Content hash: sha256:069d70a7dc28b3f0ed8c4c0f6c02aeafa74db3e1d39aab536efbb11903fe9e10
import { z } from "zod";

/** Payload of vault.token.lookup (none). */
export const ModelVaultTokenLookupPayload = z.strictObject({}).describe("Payload of vault.token.lookup (none).");

/** The type of {@link ModelVaultTokenLookupPayload} after parsing. */
export type ModelVaultTokenLookupPayload = z.infer<typeof ModelVaultTokenLookupPayload>;
