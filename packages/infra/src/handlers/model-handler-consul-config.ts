import { z } from "zod";
import { breakerConfigSchema } from "./util-handler-support.js";

/**
 * Configuration of `HandlerConsul`. Either `address` (`http(s)://host:port`) or `host`/`port`/`secure`; the runtime
 * turns `CONSUL_HTTP_ADDR`/`CONSUL_HTTP_TOKEN` into these fields. The ACL token comes from `token`, or better from
 * the secret store (`tokenSecret`) or an injected token provider, and is never logged or put into an error.
 */
export const ModelHandlerConsulConfig = z.object({
  /** Full base address, e.g. `http://127.0.0.1:8500`; overrides host, port and secure. */
  address: z
    .string()
    .regex(/^https?:\/\/[^/\s]+$/, { message: "must be http(s)://host:port without a path" })
    .optional(),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(1).max(65535).default(8500),
  secure: z.boolean().default(false),
  /** ACL token (sent as X-Consul-Token). Prefer `tokenSecret`. */
  token: z.string().min(1).optional(),
  /** Where the secret store holds the ACL token. */
  tokenSecret: z.object({ path: z.string().min(1), key: z.string().min(1) }).optional(),
  /** How long a token read from the secret store or provider is reused before it is read again. */
  tokenCacheSeconds: z.number().int().min(1).default(300),
  datacenter: z.string().min(1).optional(),
  /** Budget of one request (a blocking query gets its `wait` on top). */
  timeoutMs: z.number().int().positive().default(5000),
  /** Longest `wait` a `consul.watch` may ask for (Consul caps it at 10 minutes). */
  maxWaitSeconds: z.number().int().positive().max(600).default(300),
  breaker: breakerConfigSchema,
});

export type ModelHandlerConsulConfig = z.infer<typeof ModelHandlerConsulConfig>;
