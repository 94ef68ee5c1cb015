// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationTrigger".
// Content hash: sha256:672bcd114ba7c794ebd1792bb9b8fb0d9116807a35c5038b75641057ce55b87f
import { z } from "zod";

/** A trigger of the registration state machine. */
export const ModelRegistrationTrigger = z.enum(["introspection_received", "registration_started", "registration_succeeded", "registration_failed", "retry_registration", "registration_announced", "heartbeat_received", "heartbeat_timeout", "deregister"]).describe("A trigger of the registration state machine.");

/** The type of {@link ModelRegistrationTrigger} after parsing. */
export type ModelRegistrationTrigger = z.infer<typeof ModelRegistrationTrigger>;
