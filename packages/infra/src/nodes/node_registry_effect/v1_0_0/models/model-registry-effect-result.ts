// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "RegistryEffectResult".
// Content hash: sha256:433069d81389041792f6f5104688aa3a9d5e9d36bb328fdb13f9daf3f277e840
import { z } from "zod";
import { ModelRegistryBackendOutcome } from "./model-registry-backend-outcome.js";

/** Result of registry.register and registry.deregister. */
export const ModelRegistryEffectResult = z.object({
  node_id: z.string(),
  operation: z.enum(["registry.register", "registry.deregister"]),
  outcomes: z.array(ModelRegistryBackendOutcome),
  success: z.boolean().describe("Whether every requested backend acknowledged."),
}).describe("Result of registry.register and registry.deregister.");

/** The type of {@link ModelRegistryEffectResult} after parsing. */
export type ModelRegistryEffectResult = z.infer<typeof ModelRegistryEffectResult>;
