// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registry_effect", models index.
// Content hash: sha256:ac007190a7f7f4196452584792952c9dbfd58c243f91c594830b32566a78416b
export { ModelNodeDescription } from "./model-node-description.js";
export { ModelRegistrationBackend } from "./model-registration-backend.js";
export { ModelRegistryBackendOutcome } from "./model-registry-backend-outcome.js";
export { ModelRegistryDeregisterPayload } from "./model-registry-deregister-payload.js";
export { ModelRegistryEffectResult } from "./model-registry-effect-result.js";
export { ModelRegistryRegisterPayload } from "./model-registry-register-payload.js";
