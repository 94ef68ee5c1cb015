// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", definition "RegistryDeregisterPayload".
// Content hash: sha256:e6d60ae5fb0815eec61b79973f85957be4282fe855b68c0600cb35ec1a7acb34
import { z } from "zod";

/** Payload of registry.deregister. */
export const ModelRegistryDeregisterPayload = z.object({
  node_id: z.string().min(1).max(256),
}).describe("Payload of registry.deregister.");

/** The type of {@link ModelRegistryDeregisterPayload} after parsing. */
export type ModelRegistryDeregisterPayload = z.infer<typeof ModelRegistryDeregisterPayload>;
