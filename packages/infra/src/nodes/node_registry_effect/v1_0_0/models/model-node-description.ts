// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "NodeDescription".
// Content hash: sha256:4f1999dedbd350c15e85e41c1594b02fb3758c9f6603b16c058a2f5412d35306
import { z } from "zod";

/** What a node says about itself, as registered. */
export const ModelNodeDescription = z.object({
  capabilities: z.array(z.string()).default([]),
  endpoint: z.url().describe("URL the node serves on; its host and port are registered in Consul."),
  metadata: z.record(z.string(), z.unknown()).prefault({}).describe("JSON-safe metadata; strings and numbers go to Consul service metadata."),
  node_id: z.string().min(1).max(256).describe("Unique id of the node instance; the Consul service id."),
  node_name: z.string().min(1).max(256).describe("Contract name of the node; the Consul service name."),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]),
  node_version: z.string().regex(new RegExp("^\\d+\\.\\d+\\.\\d+$")),
}).describe("What a node says about itself, as registered.");

/** The type of {@link ModelNodeDescription} after parsing. */
export type ModelNodeDescription = z.infer<typeof ModelNodeDescription>;
