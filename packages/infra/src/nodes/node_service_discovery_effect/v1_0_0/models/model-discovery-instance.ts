// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", definition "DiscoveryInstance".
// Content hash: sha256:0942da1918839a48752130de181e2853308c3355cb40576fcccbd666489d56f0
import { z } from "zod";

/** One discovered instance. */
export const ModelDiscoveryInstance = z.object({
  address: z.string(),
  healthy: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  port: z.int().min(0).max(65535),
  service_id: z.string().describe("The node id."),
  service_name: z.string(),
  tags: z.array(z.string()),
}).describe("One discovered instance.");

/** The type of {@link ModelDiscoveryInstance} after parsing. */
export type ModelDiscoveryInstance = z.infer<typeof ModelDiscoveryInstance>;
