// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "RegistrationOutcome".
// Content hash: sha256:599922f21c507f7ad871c1e6ea7fbd9aac5fbd0e802af16c89c5d2f6b68db011
import { z } from "zod";

/** What one call of the workflow did to one node. */
export const ModelRegistrationOutcome = z.object({
  consul_registered: z.boolean().nullable(),
  correlation_id: z.string(),
  current_state: z.string().nullable(),
  discovery_deregistered: z.boolean().nullable(),
  node_id: z.string(),
  outcome: z.enum(["registered", "failed", "duplicate", "announced", "heartbeat", "expired", "deregistered", "ignored"]),
  postgres_upserted: z.boolean().nullable(),
  previous_state: z.string().nullable(),
  published: z.boolean(),
  reason: z.string().nullable(),
  sequence: z.int().min(0).nullable(),
}).describe("What one call of the workflow did to one node.");

/** The type of {@link ModelRegistrationOutcome} after parsing. */
export type ModelRegistrationOutcome = z.infer<typeof ModelRegistrationOutcome>;
