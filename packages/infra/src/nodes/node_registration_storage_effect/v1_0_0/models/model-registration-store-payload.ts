// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", definition "RegistrationStorePayload".
// Content hash: sha256:bc1c5145bdab81f5a7db382bfb4a150020109ecfcb3487b447c94d5c9f6d3d5e
import { z } from "zod";
import { ModelRegistrationProjection } from "./model-registration-projection.js";

/** Payload of registration.store. */
export const ModelRegistrationStorePayload = z.object({
  projection: ModelRegistrationProjection,
}).describe("Payload of registration.store.");

/** The type of {@link ModelRegistrationStorePayload} after parsing. */
export type ModelRegistrationStorePayload = z.infer<typeof ModelRegistrationStorePayload>;
