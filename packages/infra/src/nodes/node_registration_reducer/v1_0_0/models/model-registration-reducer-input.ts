// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationReducerInput".
// Content hash: sha256:e72bafcb94ab86ab8e0f5824cf17a541633abff46fe8cb41400c76e3e5cda773
import { z } from "zod";
import { ModelRegistrationData } from "./model-registration-data.js";
import { ModelRegistrationTrigger } from "./model-registration-trigger.js";

/** A trigger for one node, with the data it carries and the node's last snapshot (absent for a new node). */
export const ModelRegistrationReducerInput = z.object({
  correlation_id: z.string().min(1).optional(),
  data: ModelRegistrationData.prefault({}),
  snapshot: z.record(z.string(), z.unknown()).nullable().describe("NodeReducerSnapshot of the node, or null for a new node.").optional(),
  trigger: ModelRegistrationTrigger,
}).describe("A trigger for one node, with the data it carries and the node's last snapshot (absent for a new node).");

/** The type of {@link ModelRegistrationReducerInput} after parsing. */
export type ModelRegistrationReducerInput = z.infer<typeof ModelRegistrationReducerInput>;
