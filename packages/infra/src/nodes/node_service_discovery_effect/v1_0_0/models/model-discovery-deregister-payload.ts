// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", definition "DiscoveryDeregisterPayload".
// Content hash: sha256:ddacb13abbe87d32e475cb77ac7f3ed96a7dd250b45fe86d5238519b81af51e0
import { z } from "zod";

/** Payload of discovery.deregister. */
export const ModelDiscoveryDeregisterPayload = z.object({
  service_id: z.string().min(1).max(256).describe("The node id."),
}).describe("Payload of discovery.deregister.");

/** The type of {@link ModelDiscoveryDeregisterPayload} after parsing. */
export type ModelDiscoveryDeregisterPayload = z.infer<typeof ModelDiscoveryDeregisterPayload>;
