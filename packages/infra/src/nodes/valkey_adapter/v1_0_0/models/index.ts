// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", models index.
// Content hash: sha256:8cf78a9d94640cd7cee4c64bfa3cd7abdf86cb3e4a74afb1fc311bd3d25898f8
export { ModelValkeyAdapterError } from "./model-valkey-adapter-error.js";
export { ModelValkeyAdapterInput } from "./model-valkey-adapter-input.js";
export { ModelValkeyAdapterOutput } from "./model-valkey-adapter-output.js";
export { ModelValkeyAdapterResult } from "./model-valkey-adapter-result.js";
export { ModelValkeyDeletePayload } from "./model-valkey-delete-payload.js";
export { ModelValkeyExpirePayload } from "./model-valkey-expire-payload.js";
export { ModelValkeyGetPayload } from "./model-valkey-get-payload.js";
export { ModelValkeyIncrPayload } from "./model-valkey-incr-payload.js";
export { ModelValkeyLockAcquirePayload } from "./model-valkey-lock-acquire-payload.js";
export { ModelValkeyLockReleasePayload } from "./model-valkey-lock-release-payload.js";
export { ModelValkeyPublishPayload } from "./model-valkey-publish-payload.js";
export { ModelValkeySetPayload } from "./model-valkey-set-payload.js";
