// Payload schemas of the `consul.*` operations (camelCase, like the spi discovery protocol).
import { z } from "zod";

const key = z.string().min(1).max(2048).regex(/^[^/]/, { message: "must not start with /" });
const index = z.number().int().min(0);
const encoding = z.enum(["utf8", "base64"]).default("utf8");

/** A health check to register with a service: TTL (the service heartbeats), HTTP or TCP (Consul probes). */
export const consulHealthCheckPayload = z
  .object({
    ttlSeconds: z.number().positive().optional(),
    httpUrl: z.url({ protocol: /^https?$/ }).optional(),
    tcpAddress: z.string().regex(/^.+:\d{1,5}$/, { message: "must be host:port" }).optional(),
    intervalSeconds: z.number().positive().default(10),
    timeoutSeconds: z.number().positive().optional(),
    deregisterAfterSeconds: z.number().positive().optional(),
    checkId: z.string().min(1).optional(),
    initialStatus: z.enum(["passing", "warning", "critical"]).optional(),
  })
  .refine((check) => [check.ttlSeconds, check.httpUrl, check.tcpAddress].filter((value) => value !== undefined).length === 1, {
    message: "exactly one of ttlSeconds, httpUrl or tcpAddress is required",
  });

export const consulRegisterPayload = z.object({
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  tags: z.array(z.string()).default([]),
  metadata: z.record(z.string(), z.string()).default({}),
  healthCheck: consulHealthCheckPayload.optional(),
});

export const consulDeregisterPayload = z.object({ serviceId: z.string().min(1) });

export const consulDiscoverPayload = z.object({
  serviceName: z.string().min(1),
  tag: z.string().min(1).optional(),
  includeUnhealthy: z.boolean().default(false),
});

export const consulKvGetPayload = z.object({ key, encoding });

export const consulKvPutPayload = z.object({
  key,
  value: z.string(),
  encoding,
  /** Check-and-set: 0 = only if absent, N = only if ModifyIndex is N. */
  cas: index.optional(),
  flags: index.optional(),
});

export const consulKvDeletePayload = z.object({ key, cas: z.number().int().positive().optional(), recurse: z.boolean().default(false) });

export const consulKvListPayload = z.object({
  prefix: z.string().max(2048).default(""),
  /** With a separator, deeper keys collapse into `folder/` entries. */
  separator: z.string().min(1).optional(),
  /** Also return values (recursive read) instead of key names only. */
  withValues: z.boolean().default(false),
  encoding,
});

const wait = z.number().positive().default(30);

/** One round of a blocking query: a KV key or a service's instances, from `index`, for at most `waitSeconds`. */
export const consulWatchPayload = z.discriminatedUnion("type", [
  z.object({ type: z.literal("kv"), key, index: index.default(0), waitSeconds: wait, encoding }),
  z.object({
    type: z.literal("service"),
    serviceName: z.string().min(1),
    tag: z.string().min(1).optional(),
    includeUnhealthy: z.boolean().default(false),
    index: index.default(0),
    waitSeconds: wait,
  }),
]);

export const consulCheckPayload = z.object({ checkId: z.string().min(1), note: z.string().max(4096).optional() });

export type ConsulRegisterPayload = z.infer<typeof consulRegisterPayload>;
export type ConsulWatchPayload = z.infer<typeof consulWatchPayload>;
