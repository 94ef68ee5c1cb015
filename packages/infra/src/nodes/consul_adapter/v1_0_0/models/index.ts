// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", models index.
// Content hash: sha256:fda1331e020cf5063d163d24a8c07ac939d5e8f2746a479a892f59c3a8438dda
export { ModelConsulAdapterError } from "./model-consul-adapter-error.js";
export { ModelConsulAdapterInput } from "./model-consul-adapter-input.js";
export { ModelConsulAdapterOutput } from "./model-consul-adapter-output.js";
export { ModelConsulAdapterResult } from "./model-consul-adapter-result.js";
export { ModelConsulCheckPayload } from "./model-consul-check-payload.js";
export { ModelConsulDeregisterPayload } from "./model-consul-deregister-payload.js";
export { ModelConsulDiscoverPayload } from "./model-consul-discover-payload.js";
export { ModelConsulHealthCheck } from "./model-consul-health-check.js";
export { ModelConsulInstance } from "./model-consul-instance.js";
export { ModelConsulKvDeletePayload } from "./model-consul-kv-delete-payload.js";
export { ModelConsulKvEntry } from "./model-consul-kv-entry.js";
export { ModelConsulKvGetPayload } from "./model-consul-kv-get-payload.js";
export { ModelConsulKvListPayload } from "./model-consul-kv-list-payload.js";
export { ModelConsulKvPutPayload } from "./model-consul-kv-put-payload.js";
export { ModelConsulRegisterPayload } from "./model-consul-register-payload.js";
