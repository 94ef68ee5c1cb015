// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "StoreStepResult".
// Content hash: sha256:6f6418bbf397ae11a1e9366f2440bbbb48450c5659361801bde95b6bdff9c917
import { z } from "zod";

/** The storage effect's registration.store and registration.expire result. */
export const ModelStoreStepResult = z.object({
  applied: z.boolean(),
}).describe("The storage effect's registration.store and registration.expire result.");

/** The type of {@link ModelStoreStepResult} after parsing. */
export type ModelStoreStepResult = z.infer<typeof ModelStoreStepResult>;
