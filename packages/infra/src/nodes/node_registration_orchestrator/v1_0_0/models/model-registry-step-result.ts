// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "RegistryStepResult".
// Content hash: sha256:ed829c8bbd649327639d179aee86b3a3c61d8405b5acc9305235205183390ff9
import { z } from "zod";

/** The part of the registry effect's result this workflow reads. */
export const ModelRegistryStepResult = z.object({
  outcomes: z.array(z.object({
    backend: z.enum(["consul", "postgres"]),
    error_message: z.string().nullable().optional(),
    success: z.boolean(),
  })),
  success: z.boolean(),
}).describe("The part of the registry effect's result this workflow reads.");

/** The type of {@link ModelRegistryStepResult} after parsing. */
export type ModelRegistryStepResult = z.infer<typeof ModelRegistryStepResult>;
