// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "ProjectionView".
// Content hash: sha256:eb4ba18a2c5cd4007c10a6d05506755e2ff7c88669303084f881a0c982b69305
import { z } from "zod";

/** The storage effect's projection of a node, as this workflow reads it. */
export const ModelProjectionView = z.object({
  capabilities: z.array(z.string()),
  endpoint: z.string().nullable(),
  last_heartbeat_at: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  node_id: z.string(),
  node_name: z.string(),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]),
  node_version: z.string(),
  reducer_snapshot: z.record(z.string(), z.unknown()).nullable(),
  registered_at: z.string(),
  registration_state: z.string(),
  sequence: z.int().min(0),
  updated_at: z.string(),
}).describe("The storage effect's projection of a node, as this workflow reads it.");

/** The type of {@link ModelProjectionView} after parsing. */
export type ModelProjectionView = z.infer<typeof ModelProjectionView>;
