// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", definition "ProjectionGetView".
// Content hash: sha256:56dc97085796aa9a72cf099b967b70d03761af93cfbe7fc5cbbe39efb9dac058
import { z } from "zod";
import { ModelProjectionView } from "./model-projection-view.js";

/** The storage effect's registration.get result. */
export const ModelProjectionGetView = z.object({
  projection: ModelProjectionView.nullable(),
}).describe("The storage effect's registration.get result.");

/** The type of {@link ModelProjectionGetView} after parsing. */
export type ModelProjectionGetView = z.infer<typeof ModelProjectionGetView>;
