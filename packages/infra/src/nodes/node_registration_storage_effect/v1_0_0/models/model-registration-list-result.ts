// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationListResult".
// Content hash: sha256:c331b3bf5af99a6dd70213eef46166aec0533b0aa8de5e159a375da93f828d03
import { z } from "zod";
import { ModelRegistrationProjection } from "./model-registration-projection.js";

/** Result of registration.list, ordered by node_id. */
export const ModelRegistrationListResult = z.object({
  projections: z.array(ModelRegistrationProjection),
}).describe("Result of registration.list, ordered by node_id.");

/** The type of {@link ModelRegistrationListResult} after parsing. */
export type ModelRegistrationListResult = z.infer<typeof ModelRegistrationListResult>;
