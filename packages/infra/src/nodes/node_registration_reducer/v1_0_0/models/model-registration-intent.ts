// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationIntent".
// Content hash: sha256:b7fa0d3fb13d4403dcfb13b50338ebb9cceb09210ca85890591a0bc624f5fc9f
import { z } from "zod";

/** Something the reducer asks the orchestrator to carry out. */
export const ModelRegistrationIntent = z.object({
  intent_type: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  target: z.string().min(1),
}).describe("Something the reducer asks the orchestrator to carry out.");

/** The type of {@link ModelRegistrationIntent} after parsing. */
export type ModelRegistrationIntent = z.infer<typeof ModelRegistrationIntent>;
