// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_orchestrator", models index.
// Content hash: sha256:d418dec10944c6d9d7526c3c95b3fe9f82f9fd27753157900806b47f69ab4655
export { ModelNodeHeartbeatEvent } from "./model-node-heartbeat-event.js";
export { ModelNodeIntrospectionEvent } from "./model-node-introspection-event.js";
export { ModelNodeRegisteredEvent } from "./model-node-registered-event.js";
export { ModelProjectionGetView } from "./model-projection-get-view.js";
export { ModelProjectionView } from "./model-projection-view.js";
export { ModelRegistrationOutcome } from "./model-registration-outcome.js";
export { ModelRegistryStepResult } from "./model-registry-step-result.js";
export { ModelStoreStepResult } from "./model-store-step-result.js";
