// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationExpireResult".
// Content hash: sha256:548690511126f6e1fd46efbbdf065f139b61f45d2270bcc6744ece946625ec1b
import { z } from "zod";

/** Result of registration.expire. */
export const ModelRegistrationExpireResult = z.object({
  applied: z.boolean().describe("False when the node is no longer active or heartbeated meanwhile."),
  node_id: z.string(),
}).describe("Result of registration.expire.");

/** The type of {@link ModelRegistrationExpireResult} after parsing. */
export type ModelRegistrationExpireResult = z.infer<typeof ModelRegistrationExpireResult>;
