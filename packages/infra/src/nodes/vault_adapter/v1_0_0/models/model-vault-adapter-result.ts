// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", definition "VaultAdapterResult".
// Content hash: sha256:a087fc923eca835d622ea7b31d29dedb9c63502a0a5873027f5e209d357c16dc
import { z } from "zod";

/** What the vault handler returned; which fields are set depends on the operation. */
export const ModelVaultAdapterResult = z.looseObject({
  applied: z.boolean().describe("kv.write: false when a check-and-set did not match.").optional(),
  createdTime: z.string().nullable().optional(),
  currentVersion: z.int().optional(),
  customMetadata: z.record(z.string(), z.unknown()).nullable().optional(),
  data: z.record(z.string(), z.unknown()).describe("kv.read: the secret's values (secret: never log it).").optional(),
  deleted: z.boolean().optional(),
  destroyed: z.boolean().optional(),
  key: z.string().optional(),
  keys: z.array(z.string()).describe("kv.list: the names.").optional(),
  leaseDuration: z.int().optional(),
  leaseId: z.string().optional(),
  oldestVersion: z.int().optional(),
  path: z.string().optional(),
  prefix: z.string().optional(),
  renewable: z.boolean().optional(),
  revoked: z.boolean().optional(),
  updatedTime: z.string().optional(),
  value: z.string().describe("kv.read with key: that key's value (secret).").optional(),
  version: z.int().nullable().describe("kv.read: the version read; kv.write: the version written (null when cas did not apply).").optional(),
  versions: z.unknown().describe("kv.delete: the versions deleted (a list, latest or all); kv.undelete: the versions restored; kv.metadata: the version history.").optional(),
}).describe("What the vault handler returned; which fields are set depends on the operation.");

/** The type of {@link ModelVaultAdapterResult} after parsing. */
export type ModelVaultAdapterResult = z.infer<typeof ModelVaultAdapterResult>;
