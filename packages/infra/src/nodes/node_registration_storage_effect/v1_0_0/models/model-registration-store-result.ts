// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationStoreResult".
// Content hash: sha256:6148c5a1d13ec70a11ea641046a79259aa5cb3931c88e7babde226d3892c6b3f
import { z } from "zod";

/** Result of registration.store. */
export const ModelRegistrationStoreResult = z.object({
  applied: z.boolean().describe("False when the stored sequence was already at least as new."),
  node_id: z.string(),
  sequence: z.int().min(0).describe("The sequence stored after the call."),
}).describe("Result of registration.store.");

/** The type of {@link ModelRegistrationStoreResult} after parsing. */
export type ModelRegistrationStoreResult = z.infer<typeof ModelRegistrationStoreResult>;
