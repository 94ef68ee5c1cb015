// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", definition "DiscoveryDiscoverPayload".
// Content hash: sha256:7d30a4adb8bfdecc0acf063ba40d83d54fc0440c42d10d5ad2c81d7712db1f65
import { z } from "zod";

/** Payload of discovery.discover. */
export const ModelDiscoveryDiscoverPayload = z.object({
  include_unhealthy: z.boolean().default(false),
  service_name: z.string().min(1).max(256).describe("The node name the instances registered under."),
  tag: z.string().min(1).describe("Only instances with this tag (e.g. the node type, or capability:<name>).").optional(),
}).describe("Payload of discovery.discover.");

/** The type of {@link ModelDiscoveryDiscoverPayload} after parsing. */
export type ModelDiscoveryDiscoverPayload = z.infer<typeof ModelDiscoveryDiscoverPayload>;
