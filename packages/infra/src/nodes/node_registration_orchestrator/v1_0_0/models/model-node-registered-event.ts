// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "NodeRegisteredEvent".
// Content hash: sha256:18367952739430c35183ff08a6aa0e38f8dc1722e4c2c44f093fd2f4fc31ed01
import { z } from "zod";

/** Payload of the node.registered event. */
export const ModelNodeRegisteredEvent = z.object({
  capabilities: z.array(z.string()),
  endpoint: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  node_id: z.string(),
  node_name: z.string(),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]),
  node_version: z.string(),
  registered_at: z.iso.datetime({ offset: true }).optional(),
  registration_state: z.enum(["active"]),
  sequence: z.int().min(0).describe("Projection sequence at registration; consumers deduplicate on node_id and sequence."),
}).describe("Payload of the node.registered event.");

/** The type of {@link ModelNodeRegisteredEvent} after parsing. */
export type ModelNodeRegisteredEvent = z.infer<typeof ModelNodeRegisteredEvent>;
