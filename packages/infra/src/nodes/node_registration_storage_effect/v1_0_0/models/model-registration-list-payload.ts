// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationListPayload".
// Content hash: sha256:0503a7e1e023233182b4a4b7b959f35f2698a01b0b756313598bd6275e0fee8f
import { z } from "zod";

/** Payload of registration.list; every given condition must hold. */
export const ModelRegistrationListPayload = z.object({
  heartbeat_before: z.iso.datetime({ offset: true }).describe("Only nodes whose last heartbeat is older.").optional(),
  limit: z.int().min(1).max(10000).default(1000),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]).optional(),
  registration_state: z.enum(["pending", "introspected", "registering", "active", "failed", "expired", "deregistered"]).optional(),
}).describe("Payload of registration.list; every given condition must hold.");

/** The type of {@link ModelRegistrationListPayload} after parsing. */
export type ModelRegistrationListPayload = z.infer<typeof ModelRegistrationListPayload>;
