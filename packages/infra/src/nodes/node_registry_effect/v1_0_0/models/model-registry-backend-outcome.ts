// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "RegistryBackendOutcome".
// Content hash: sha256:b71b4f955c2d1858760c3a09f9e8c52b4935a021deb49a81685bd1af8978b0ce
import { z } from "zod";
import { ModelRegistrationBackend } from "./model-registration-backend.js";

/** What one backend answered. */
export const ModelRegistryBackendOutcome = z.object({
  backend: ModelRegistrationBackend,
  error_code: z.string().nullable().optional(),
  error_message: z.string().nullable().describe("Sanitised message of the last error.").optional(),
  retry_count: z.int().min(0),
  success: z.boolean(),
}).describe("What one backend answered.");

/** The type of {@link ModelRegistryBackendOutcome} after parsing. */
export type ModelRegistryBackendOutcome = z.infer<typeof ModelRegistryBackendOutcome>;
