// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "NodeHeartbeatEvent".
// Content hash: sha256:06dc1949be92aff3aa50a487685386e2a02e92ad664e9de932a09db0c048a63f
import { z } from "zod";

/** Payload of a node.heartbeat event. */
export const ModelNodeHeartbeatEvent = z.object({
  node_id: z.string().min(1).max(256),
}).describe("Payload of a node.heartbeat event.");

/** The type of {@link ModelNodeHeartbeatEvent} after parsing. */
export type ModelNodeHeartbeatEvent = z.infer<typeof ModelNodeHeartbeatEvent>;
