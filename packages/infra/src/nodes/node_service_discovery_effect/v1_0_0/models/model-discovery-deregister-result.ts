// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", definition "DiscoveryDeregisterResult".
// Content hash: sha256:533905054075e5a9d2c9ac0744ca2c345ac287c1881f3a041df61c5434cd419f
import { z } from "zod";

/** Result of discovery.deregister (also when the instance was not registered). */
export const ModelDiscoveryDeregisterResult = z.object({
  deregistered: z.boolean(),
  service_id: z.string(),
}).describe("Result of discovery.deregister (also when the instance was not registered).");

/** The type of {@link ModelDiscoveryDeregisterResult} after parsing. */
export type ModelDiscoveryDeregisterResult = z.infer<typeof ModelDiscoveryDeregisterResult>;
