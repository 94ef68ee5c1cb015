// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvListPayload".
// Content hash: sha256:b5c0c7ddbea8c21797cb84495f37007d551395c45f4bfddd8745997599ccfc81
import { z } from "zod";

/** Payload of vault.kv.list (names directly under prefix; folders end with /). */
export const ModelVaultKvListPayload = z.strictObject({
  prefix: z.string().max(1024).optional(),
}).describe("Payload of vault.kv.list (names directly under prefix; folders end with /).");

/** The type of {@link ModelVaultKvListPayload} after parsing. */
export type ModelVaultKvListPayload = z.infer<typeof ModelVaultKvListPayload>;
