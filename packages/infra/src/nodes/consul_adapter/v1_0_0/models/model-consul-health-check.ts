// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulHealthCheck".
// Content hash: sha256:0dd815d16f5197066594dd4230e149e1125e83b7dbc69d814bf3252ddb2ab7a7
import { z } from "zod";

/** A check registered with the service: exactly one of ttlSeconds (the service heartbeats), httpUrl or tcpAddress (Consul probes). */
export const ModelConsulHealthCheck = z.strictObject({
  checkId: z.string().min(1).optional(),
  deregisterAfterSeconds: z.number().describe("Remove the instance after being critical this long.").optional(),
  httpUrl: z.url().describe("URL Consul probes (2xx is passing).").optional(),
  initialStatus: z.enum(["passing", "warning", "critical"]).optional(),
  intervalSeconds: z.number().describe("Probe interval of an HTTP or TCP check.").optional(),
  tcpAddress: z.string().describe("host:port Consul connects to.").optional(),
  timeoutSeconds: z.number().optional(),
  ttlSeconds: z.number().describe("The service must report within this many seconds or turn critical.").optional(),
}).describe("A check registered with the service: exactly one of ttlSeconds (the service heartbeats), httpUrl or tcpAddress (Consul probes).");

/** The type of {@link ModelConsulHealthCheck} after parsing. */
export type ModelConsulHealthCheck = z.infer<typeof ModelConsulHealthCheck>;
