// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "RegistrationBackend".
// Content hash: sha256:49a032123a2572e63b7fe89b0c9095f22ba014de4622d42bca5dd81364d074f0
import { z } from "zod";

/** A backend a node is registered in. */
export const ModelRegistrationBackend = z.enum(["consul", "postgres"]).describe("A backend a node is registered in.");

/** The type of {@link ModelRegistrationBackend} after parsing. */
export type ModelRegistrationBackend = z.infer<typeof ModelRegistrationBackend>;
