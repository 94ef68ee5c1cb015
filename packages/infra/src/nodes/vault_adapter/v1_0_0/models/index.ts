// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "vault_adapter", models index.
// Content hash: sha256:30bb1a076041bea8f400e0653c08e52fc9e4276896156bb1479ab798d2c63fef
export { ModelVaultAdapterError } from "./model-vault-adapter-error.js";
export { ModelVaultAdapterInput } from "./model-vault-adapter-input.js";
export { ModelVaultAdapterOutput } from "./model-vault-adapter-output.js";
export { ModelVaultAdapterResult } from "./model-vault-adapter-result.js";
export { ModelVaultDynamicReadPayload } from "./model-vault-dynamic-read-payload.js";
export { ModelVaultKvDeletePayload } from "./model-vault-kv-delete-payload.js";
export { ModelVaultKvListPayload } from "./model-vault-kv-list-payload.js";
export { ModelVaultKvPathPayload } from "./model-vault-kv-path-payload.js";
export { ModelVaultKvReadPayload } from "./model-vault-kv-read-payload.js";
export { ModelVaultKvUndeletePayload } from "./model-vault-kv-undelete-payload.js";
export { ModelVaultKvWritePayload } from "./model-vault-kv-write-payload.js";
export { ModelVaultLeaseRenewPayload } from "./model-vault-lease-renew-payload.js";
export { ModelVaultLeaseRevokePayload } from "./model-vault-lease-revoke-payload.js";
export { ModelVaultTokenLookupPayload } from "./model-vault-token-lookup-payload.js";
