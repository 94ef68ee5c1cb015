import { z } from "zod";
import { breakerConfigSchema } from "./util-handler-support.js";

// `example.com`, `api.example.com:8443` (host with port) or `*.example.com` (any subdomain, not the apex).
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;

/**
 * Configuration of `HandlerHttp`. Requests and responses are bounded (`maxRequestBytes`, `maxResponseBytes`: a
 * response is streamed and abandoned once over the limit), every request has a deadline (`timeoutMs`; a payload may
 * ask for less, or more up to `maxTimeoutMs`), and `allowedHosts`, when given, is the complete list of hosts the
 * handler may call. Redirects are returned as responses unless `followRedirects` is set.
 */
export const ModelHandlerHttpConfig = z.object({
  timeoutMs: z.number().int().min(1).default(10_000),
  maxTimeoutMs: z.number().int().min(1).default(60_000),
  maxRequestBytes: z.number().int().min(0).default(1024 * 1024),
  maxResponseBytes: z.number().int().min(1).default(10 * 1024 * 1024),
  /** Lower-case host names (optionally `:port`, or `*.` for subdomains); absent = any host. */
  allowedHosts: z.array(z.string().toLowerCase().regex(HOST_PATTERN, { message: "must be a host name, host:port or *.domain" })).optional(),
  followRedirects: z.boolean().default(false),
  /** Sent with every request unless the payload sets the same header. */
  defaultHeaders: z.record(z.string(), z.string()).default({}),
  userAgent: z.string().min(1).default("onex-handler-http/1.0"),
  /** Settings of the per-host breakers (`http:<host>`). */
  breaker: breakerConfigSchema,
});

/** A validated http handler config (defaults applied). */
export type ModelHandlerHttpConfig = z.infer<typeof ModelHandlerHttpConfig>;

/** What `HandlerHttp.initialize` accepts. */
export type ModelHandlerHttpConfigInput = z.input<typeof ModelHandlerHttpConfig>;
