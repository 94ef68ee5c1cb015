// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationExpirePayload".
// Content hash: sha256:26d272b4aa867f4d871a278a448402761cf2dd704991c9512ef27d163c541670
import { z } from "zod";
import { ModelRegistrationProjection } from "./model-registration-projection.js";

/** Payload of registration.expire; the projection is the reducer's expired state. */
export const ModelRegistrationExpirePayload = z.object({
  heartbeat_before: z.iso.datetime({ offset: true }).describe("Applies only while the stored last heartbeat is older."),
  projection: ModelRegistrationProjection,
}).describe("Payload of registration.expire; the projection is the reducer's expired state.");

/** The type of {@link ModelRegistrationExpirePayload} after parsing. */
export type ModelRegistrationExpirePayload = z.infer<typeof ModelRegistrationExpirePayload>;
