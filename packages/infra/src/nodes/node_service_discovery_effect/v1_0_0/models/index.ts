// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_service_discovery_effect", models index.
// Content hash: sha256:e5835782165a8a06483c13fe86f60179df36655a9239ed290e76fc7f44144aa0
export { ModelDiscoveryDeregisterPayload } from "./model-discovery-deregister-payload.js";
export { ModelDiscoveryDeregisterResult } from "./model-discovery-deregister-result.js";
export { ModelDiscoveryDiscoverPayload } from "./model-discovery-discover-payload.js";
export { ModelDiscoveryDiscoverResult } from "./model-discovery-discover-result.js";
export { ModelDiscoveryInstance } from "./model-discovery-instance.js";
