// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationState".
// Content hash: sha256:eb78264856779c691eb882e85cd6f945432cec84452f5115c1455e0c2bf787fa
import { z } from "zod";

/** A state of the registration state machine. */
export const ModelRegistrationState = z.enum(["pending", "introspected", "registering", "active", "failed", "expired", "deregistered"]).describe("A state of the registration state machine.");

/** The type of {@link ModelRegistrationState} after parsing. */
export type ModelRegistrationState = z.infer<typeof ModelRegistrationState>;
