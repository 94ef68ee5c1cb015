// Payload schemas of the `vault.*` operations.
import { z } from "zod";

/** A secret path inside a mount: segments without `.`/`..`, no leading or trailing slash. */
export const vaultSecretPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((path) => !path.startsWith("/") && !path.endsWith("/") && path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."), {
    message: "must be a relative path like app/db (no leading/trailing /, no empty, . or .. segments)",
  });

const version = z.number().int().positive();

export const vaultKvReadPayload = z.object({ path: vaultSecretPath, version: version.optional(), key: z.string().min(1).optional() });

export const vaultKvWritePayload = z.object({
  path: vaultSecretPath,
  data: z.record(z.string(), z.unknown()),
  /** Check-and-set: 0 = only if the secret does not exist, N = only if the current version is N. */
  cas: z.number().int().min(0).optional(),
});

export const vaultKvDeletePayload = z.object({
  path: vaultSecretPath,
  /** Soft-delete these versions (the latest when absent). */
  versions: z.array(version).min(1).optional(),
  /** Destroy `versions` for good instead of soft-deleting. */
  destroy: z.boolean().default(false),
  /** Delete the metadata and every version. */
  allVersions: z.boolean().default(false),
});

export const vaultKvUndeletePayload = z.object({ path: vaultSecretPath, versions: z.array(version).min(1) });

export const vaultKvMetadataPayload = z.object({ path: vaultSecretPath });

export const vaultKvListPayload = z.object({ prefix: z.string().max(1024).default("") });

export const vaultTokenLookupPayload = z.object({});

export const vaultLeaseRenewPayload = z.object({ leaseId: z.string().min(1), incrementSeconds: z.number().int().positive().optional() });

export const vaultLeaseRevokePayload = z.object({ leaseId: z.string().min(1) });

export const vaultDynamicReadPayload = z.object({
  /** Path of a dynamic-secret endpoint, e.g. `database/creds/readonly`. */
  path: vaultSecretPath,
  /** Drop the cached lease and read new credentials. */
  forceNew: z.boolean().default(false),
});
