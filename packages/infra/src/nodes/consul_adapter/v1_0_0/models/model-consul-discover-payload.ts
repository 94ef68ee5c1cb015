// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulDiscoverPayload".
// Content hash: sha256:44cfd00715ca0fd233baba680f4bf3490405245177512c5b4b979b12480d3f1e
import { z } from "zod";

/** Payload of consul.discover (healthy instances unless includeUnhealthy). */
export const ModelConsulDiscoverPayload = z.strictObject({
  includeUnhealthy: z.boolean().optional(),
  serviceName: z.string().min(1),
  tag: z.string().min(1).optional(),
}).describe("Payload of consul.discover (healthy instances unless includeUnhealthy).");

/** The type of {@link ModelConsulDiscoverPayload} after parsing. */
export type ModelConsulDiscoverPayload = z.infer<typeof ModelConsulDiscoverPayload>;
