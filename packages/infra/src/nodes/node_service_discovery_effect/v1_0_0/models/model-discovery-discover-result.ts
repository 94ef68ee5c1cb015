// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", definition "DiscoveryDiscoverResult".
// Content hash: sha256:449ad80bfcd38778410d80e89e96a77e5c7cdbfc1762d3a3ba3fc5c7c13d7dce
import { z } from "zod";
import { ModelDiscoveryInstance } from "./model-discovery-instance.js";

/** Result of discovery.discover. */
export const ModelDiscoveryDiscoverResult = z.object({
  instances: z.array(ModelDiscoveryInstance),
  service_name: z.string(),
}).describe("Result of discovery.discover.");

/** The type of {@link ModelDiscoveryDiscoverResult} after parsing. */
export type ModelDiscoveryDiscoverResult = z.infer<typeof ModelDiscoveryDiscoverResult>;
