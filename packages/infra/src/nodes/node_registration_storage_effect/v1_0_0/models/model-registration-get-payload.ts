// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationGetPayload".
// Content hash: sha256:25ffbc94768791e8bff012fda103db4def350332a853b1d924d4e4b023606c0e
import { z } from "zod";

/** Payload of registration.get. */
export const ModelRegistrationGetPayload = z.object({
  node_id: z.string().min(1).max(256),
}).describe("Payload of registration.get.");

/** The type of {@link ModelRegistrationGetPayload} after parsing. */
export type ModelRegistrationGetPayload = z.infer<typeof ModelRegistrationGetPayload>;
