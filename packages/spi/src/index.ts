/**
 * @onex/spi: protocol interfaces only. The built package is an empty module plus type declarations.
 * @packageDocumentation
 */
export type { ProtocolHealthCheck, ProtocolHealthCheckResult } from "./protocols/protocol-health-check.js";

// protocols
export type {
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusMessageMeta,
  ProtocolEventBusShutdownOptions,
  ProtocolEventBusSubscribeOptions,
  ProtocolEventBusUnsubscribe,
} from "./protocols/protocol-event-bus.js";
export type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult } from "./protocols/protocol-handler.js";
export type {
  ProtocolServiceDiscovery,
  ProtocolServiceDiscoveryHealthCheck,
  ProtocolServiceDiscoveryInstance,
  ProtocolServiceDiscoveryQuery,
  ProtocolServiceDiscoveryRegistration,
  ProtocolServiceDiscoveryWatchListener,
} from "./protocols/protocol-service-discovery.js";
export type {
  ProtocolSecretStore,
  ProtocolSecretStoreDeleteOptions,
  ProtocolSecretStoreReadOptions,
  ProtocolSecretStoreSecret,
  ProtocolSecretStoreWriteOptions,
} from "./protocols/protocol-secret-store.js";
export type {
  ProtocolDatabaseConnection,
  ProtocolDatabaseConnectionExecutor,
  ProtocolDatabaseConnectionParams,
  ProtocolDatabaseConnectionQueryResult,
} from "./protocols/protocol-database-connection.js";
export type {
  ProtocolCacheService,
  ProtocolCacheServiceLock,
  ProtocolCacheServiceLockOptions,
  ProtocolCacheServiceSetOptions,
} from "./protocols/protocol-cache-service.js";
export type { ProtocolIdempotencyStore } from "./protocols/protocol-idempotency-store.js";
export type {
  ProtocolCircuitBreaker,
  ProtocolCircuitBreakerExecuteOptions,
  ProtocolCircuitBreakerSnapshot,
  ProtocolCircuitBreakerState,
  ProtocolCircuitBreakerStateChange,
} from "./protocols/protocol-circuit-breaker.js";
export type {
  ProtocolProjectionReader,
  ProtocolProjectionReaderListOptions,
  ProtocolProjectionReaderPage,
} from "./protocols/protocol-projection-reader.js";
export type { ProtocolProjector, ProtocolProjectorInput, ProtocolProjectorResult } from "./protocols/protocol-projector.js";
export type {
  ProtocolDlqHandler,
  ProtocolDlqHandlerEntry,
  ProtocolDlqHandlerListOptions,
  ProtocolDlqHandlerMessage,
  ProtocolDlqHandlerMetadata,
  ProtocolDlqHandlerReplayOptions,
} from "./protocols/protocol-dlq-handler.js";
export type { ProtocolPolicy } from "./protocols/protocol-policy.js";
export type { ProtocolPluginCompute } from "./protocols/protocol-plugin-compute.js";
export type {
  ProtocolNodeRegistry,
  ProtocolNodeRegistryListOptions,
  ProtocolNodeRegistryRecord,
  ProtocolNodeRegistryRegistration,
} from "./protocols/protocol-node-registry.js";
export type { ProtocolEffectNode } from "./protocols/protocol-effect-node.js";
export type { ProtocolComputeNode } from "./protocols/protocol-compute-node.js";
export type { ProtocolReducerNode } from "./protocols/protocol-reducer-node.js";
export type { ProtocolOrchestratorNode } from "./protocols/protocol-orchestrator-node.js";
