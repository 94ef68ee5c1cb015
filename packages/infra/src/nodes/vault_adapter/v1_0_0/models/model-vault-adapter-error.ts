// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultAdapterError".
// Content hash: sha256:1fb316fac84a9e487cd576d27a4d0af3d06fc34d0a3a52c1fab87a1432627ead
import { z } from "zod";

/** A failed operation, as the JSON form of the ONEX error (never a token or a secret value). */
export const ModelVaultAdapterError = z.looseObject({
  cause: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  errorCode: z.string(),
  message: z.string(),
  name: z.string(),
  status: z.int(),
  timestamp: z.string(),
}).describe("A failed operation, as the JSON form of the ONEX error (never a token or a secret value).");

/** The type of {@link ModelVaultAdapterError} after parsing. */
export type ModelVaultAdapterError = z.infer<typeof ModelVaultAdapterError>;
