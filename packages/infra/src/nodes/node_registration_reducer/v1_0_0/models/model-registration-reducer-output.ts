// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationReducerOutput".
// Content hash: sha256:91916bcb40e3da9d7840d0a6268b757afd79c0b1faa6305416732869e12bad45
import { z } from "zod";
import { ModelRegistrationData } from "./model-registration-data.js";
import { ModelRegistrationIntent } from "./model-registration-intent.js";
import { ModelRegistrationState } from "./model-registration-state.js";
import { ModelRegistrationTrigger } from "./model-registration-trigger.js";

/** The transition taken, the intents to carry out and the snapshot to persist. */
export const ModelRegistrationReducerOutput = z.object({
  correlation_id: z.string().min(1),
  current_state: ModelRegistrationState,
  data: ModelRegistrationData,
  intents: z.array(ModelRegistrationIntent),
  is_terminal: z.boolean(),
  previous_state: ModelRegistrationState,
  sequence: z.int().min(0).describe("Transitions applied in the node's life; the projection's sequence."),
  snapshot: z.record(z.string(), z.unknown()).describe("NodeReducerSnapshot to persist."),
  trigger: ModelRegistrationTrigger,
}).describe("The transition taken, the intents to carry out and the snapshot to persist.");

/** The type of {@link ModelRegistrationReducerOutput} after parsing. */
export type ModelRegistrationReducerOutput = z.infer<typeof ModelRegistrationReducerOutput>;
