// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_storage_effect", models index.
// Content hash: sha256:86386d47847bd3ebacaa9e14bb5756b05a845a1efd7e4b46b8d9802daa3b91f8
export { ModelRegistrationExpirePayload } from "./model-registration-expire-payload.js";
export { ModelRegistrationExpireResult } from "./model-registration-expire-result.js";
export { ModelRegistrationGetPayload } from "./model-registration-get-payload.js";
export { ModelRegistrationGetResult } from "./model-registration-get-result.js";
export { ModelRegistrationListPayload } from "./model-registration-list-payload.js";
export { ModelRegistrationListResult } from "./model-registration-list-result.js";
export { ModelRegistrationProjection } from "./model-registration-projection.js";
export { ModelRegistrationStorePayload } from "./model-registration-store-payload.js";
export { ModelRegistrationStoreResult } from "./model-registration-store-result.js";
