// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "NodeIntrospectionEvent".
// Content hash: sha256:d1f3bcb9389b2e44180d9ce5d8b8adc3d9618a5abd8a7dd5a1f872c38b4dd87f
import { z } from "zod";

/** Payload of a node.introspection event, in which a node describes itself. */
export const ModelNodeIntrospectionEvent = z.object({
  capabilities: z.array(z.string().min(1)).default([]),
  endpoint: z.url().describe("URL the node serves on."),
  metadata: z.record(z.string(), z.unknown()).prefault({}).describe("JSON-safe metadata; never secrets."),
  node_id: z.string().min(1).max(256).regex(new RegExp("^[A-Za-z0-9][A-Za-z0-9._:-]*$")).describe("Unique id of the node instance."),
  node_name: z.string().min(1).max(256).describe("Contract name of the node (the discovery service name); node_id when absent.").optional(),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]),
  node_version: z.string().regex(new RegExp("^\\d+\\.\\d+\\.\\d+$")),
}).describe("Payload of a node.introspection event, in which a node describes itself.");

/** The type of {@link ModelNodeIntrospectionEvent} after parsing. */
export type ModelNodeIntrospectionEvent = z.infer<typeof ModelNodeIntrospectionEvent>;
