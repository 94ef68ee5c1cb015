// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", models index.
// Content hash: sha256:3712dddb1fab7b33fdafcddd08ec76b0176e4ff759bcb4a821e9feb7e60b8d0f
export { ModelRegistrationData } from "./model-registration-data.js";
export { ModelRegistrationIntent } from "./model-registration-intent.js";
export { ModelRegistrationReducerInput } from "./model-registration-reducer-input.js";
export { ModelRegistrationReducerOutput } from "./model-registration-reducer-output.js";
export { ModelRegistrationState } from "./model-registration-state.js";
export { ModelRegistrationTrigger } from "./model-registration-trigger.js";
