// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationProjection".
// Content hash: sha256:601512aed65d61d5c75293bed85eb4bdb7d677a233f0cd6175b8658ad9329031
import { z } from "zod";

/** A node's row of the registration projection. */
export const ModelRegistrationProjection = z.object({
  capabilities: z.array(z.string()),
  endpoint: z.string().nullable(),
  last_heartbeat_at: z.iso.datetime({ offset: true }).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  node_id: z.string().min(1).max(256),
  node_name: z.string().min(1).max(256),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]),
  node_version: z.string().min(1),
  reducer_snapshot: z.record(z.string(), z.unknown()).nullable().describe("The registration reducer's snapshot."),
  registered_at: z.iso.datetime({ offset: true }).describe("When the node was first seen."),
  registration_state: z.enum(["pending", "introspected", "registering", "active", "failed", "expired", "deregistered"]),
  sequence: z.int().min(0).describe("Transitions applied to the node's FSM."),
  updated_at: z.iso.datetime({ offset: true }),
}).describe("A node's row of the registration projection.");

/** The type of {@link ModelRegistrationProjection} after parsing. */
export type ModelRegistrationProjection = z.infer<typeof ModelRegistrationProjection>;
