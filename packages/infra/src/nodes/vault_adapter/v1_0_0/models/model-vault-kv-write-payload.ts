// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultKvWritePayload".
// Content hash: sha256:6582a649291e9bfb448181c3568f1bfe59e3683a1d16ef03acf5f6071d2fd23a
import { z } from "zod";

/** Payload of vault.kv.write; with cas the write applies only if the current version is cas (0: only if absent). */
export const ModelVaultKvWritePayload = z.strictObject({
  cas: z.int().min(0).optional(),
  data: z.record(z.string(), z.unknown()).describe("The secret's key/value pairs."),
  path: z.string().min(1).max(1024),
}).describe("Payload of vault.kv.write; with cas the write applies only if the current version is cas (0: only if absent).");

/** The type of {@link ModelVaultKvWritePayload} after parsing. */
export type ModelVaultKvWritePayload = z.infer<typeof ModelVaultKvWritePayload>;
