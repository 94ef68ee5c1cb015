// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "RegistryRegisterPayload".
// Content hash: sha256:2df486ea5aa0cdeb81643a430cd4c4fff35e593c90259981c4cd3cd8b06b40c6
import { z } from "zod";
import { ModelNodeDescription } from "./model-node-description.js";
import { ModelRegistrationBackend } from "./model-registration-backend.js";

/** Payload of registry.register. */
export const ModelRegistryRegisterPayload = z.object({
  at: z.iso.datetime({ offset: true }).describe("Time of the registration (the caller's clock); now when absent.").optional(),
  backends: z.array(ModelRegistrationBackend).default(["consul","postgres"]).describe("The backends to register in (a retry names only those that have not acknowledged)."),
  node: ModelNodeDescription,
}).describe("Payload of registry.register.");

/** The type of {@link ModelRegistryRegisterPayload} after parsing. */
export type ModelRegistryRegisterPayload = z.infer<typeof ModelRegistryRegisterPayload>;
