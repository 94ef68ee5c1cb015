import { z } from "zod";
import { breakerConfigSchema } from "./util-handler-support.js";

const mount = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/, { message: "must be a mount path without leading or trailing /" });

/**
 * Configuration of `HandlerVault` (Vault or OpenBao: same HTTP API). Authenticates with `token` or AppRole
 * (`appRole.roleId`/`appRole.secretId`); with both, the token is used first and AppRole takes over when it is
 * missing, expired or not renewable. The runtime fills these from `VAULT_ADDR`/`VAULT_TOKEN`/`VAULT_NAMESPACE`.
 * Token and secret id are never logged or put into an error.
 */
export const ModelHandlerVaultConfig = z
  .object({
    address: z
      .string()
      .regex(/^https?:\/\/[^/\s]+$/, { message: "must be http(s)://host:port without a path" })
      .default("http://127.0.0.1:8200"),
    token: z.string().min(1).optional(),
    appRole: z
      .object({
        roleId: z.string().min(1),
        secretId: z.string().min(1),
        mount: mount.default("approle"),
      })
      .optional(),
    /** Vault Enterprise / OpenBao namespace (X-Vault-Namespace). */
    namespace: z.string().min(1).optional(),
    /** Mount of the KV v2 engine. */
    kvMount: mount.default("secret"),
    /** Budget of one request. */
    timeoutMs: z.number().int().positive().default(5000),
    tokenRenewal: z
      .object({
        /** Renew this long before expiry (default: the smaller of 300 s and 10% of the TTL; capped at half the TTL). */
        thresholdSeconds: z.number().positive().optional(),
        /** TTL to ask for on renew-self (default: the token's own period). */
        incrementSeconds: z.number().int().positive().optional(),
      })
      .default({}),
    leaseRenewal: z
      .object({
        thresholdSeconds: z.number().positive().optional(),
        incrementSeconds: z.number().int().positive().optional(),
      })
      .default({}),
    breaker: breakerConfigSchema,
  })
  .refine((config) => config.token !== undefined || config.appRole !== undefined, {
    message: "either token or appRole is required",
    // Not at "token": the sanitiser masks the word that follows `"token":` in the message.
    path: ["appRole"],
  });

export type ModelHandlerVaultConfig = z.infer<typeof ModelHandlerVaultConfig>;
