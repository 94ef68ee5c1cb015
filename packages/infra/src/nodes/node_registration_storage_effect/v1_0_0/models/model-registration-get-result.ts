// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationGetResult".
// Content hash: sha256:66b7a8cca4c4da55a93afd88f1dc7621045d36afca1c3f25a6aa2055ff7d98cb
import { z } from "zod";
import { ModelRegistrationProjection } from "./model-registration-projection.js";

/** Result of registration.get. */
export const ModelRegistrationGetResult = z.object({
  projection: ModelRegistrationProjection.nullable(),
}).describe("Result of registration.get.");

/** The type of {@link ModelRegistrationGetResult} after parsing. */
export type ModelRegistrationGetResult = z.infer<typeof ModelRegistrationGetResult>;
