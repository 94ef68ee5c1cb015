import { z } from "zod";
import { breakerConfigSchema } from "./util-handler-support.js";

/**
 * Configuration of `HandlerValkey` and `CacheServiceValkey`: a `redis://` / `rediss://` URL or discrete fields. The
 * password (in the URL or apart) reaches iovalkey only: never an error, a log line or health.
 *
 * Reconnection: iovalkey reconnects for ever with a bounded exponential backoff (`reconnect`). Commands issued while
 * it reconnects wait in its offline queue (`enableOfflineQueue`, default true, so a short blip costs latency, not
 * errors) but at most `maxRetriesPerRequest` + 1 reconnect attempts and `commandTimeoutMs`; then they fail with a
 * retryable connection or timeout error and the breaker counts them. Commands whose reply was lost with a killed
 * connection are not resent (they may have run: INCR or SET NX must not run twice); they fail after
 * `commandTimeoutMs`.
 */
export const ModelHandlerValkeyConfig = z.object({
  url: z
    .string()
    .regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" })
    .optional(),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(1).max(65_535).default(6379),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  db: z.number().int().min(0).max(15).optional(),
  tls: z.boolean().default(false),
  /** Prepended to every key (and lock name) by iovalkey. */
  keyPrefix: z.string().optional(),
  /** `CLIENT SETNAME` of the connections (the subscriber adds `-sub`). */
  connectionName: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { message: "must be 1-64 letters, digits, '.', '_' or '-'" })
    .default("onex-handler-valkey"),
  connectTimeoutMs: z.number().int().min(1).default(5_000),
  commandTimeoutMs: z.number().int().min(1).default(5_000),
  maxRetriesPerRequest: z.number().int().min(0).max(20).default(1),
  enableOfflineQueue: z.boolean().default(true),
  reconnect: z
    .object({
      initialDelayMs: z.number().int().min(1).default(50),
      maxDelayMs: z.number().int().min(1).default(2_000),
    })
    .prefault({}),
  /** Longest `waitMs` a `valkey.lock.acquire` may ask for. */
  maxLockWaitMs: z.number().int().min(0).default(30_000),
  /** Pause between attempts while waiting for a lock. */
  lockRetryIntervalMs: z.number().int().min(1).default(50),
  breakerName: z.string().min(1).optional(),
  breaker: breakerConfigSchema,
});

/** A validated valkey config (defaults applied). */
export type ModelHandlerValkeyConfig = z.infer<typeof ModelHandlerValkeyConfig>;

/** What `HandlerValkey.initialize` and `CacheServiceValkey` accept. */
export type ModelHandlerValkeyConfigInput = z.input<typeof ModelHandlerValkeyConfig>;
