/**
 * @onex/infra: adapters for Kafka, PostgreSQL, Consul, Vault and Valkey, the error hierarchy and resilience.
 * @packageDocumentation
 */
export { describeInfra } from "./util-describe-infra.js";

// errors
export { EnumInfraTransportType, EnumInfraTransportTypeSchema } from "./enums/enum-infra-transport-type.js";
export { ModelInfraErrorContext } from "./models/model-infra-error-context.js";
export {
  RuntimeHostError,
  type InfraErrorOptions,
  type RuntimeHostErrorOptions,
  type RuntimeHostErrorJson,
} from "./errors/error-runtime-host.js";
export { ProtocolConfigurationError } from "./errors/error-protocol-configuration.js";
export { SecretResolutionError } from "./errors/error-secret-resolution.js";
export { InfraConnectionError, infraConnectionErrorCode } from "./errors/error-infra-connection.js";
export { InfraTimeoutError } from "./errors/error-infra-timeout.js";
export { InfraAuthenticationError } from "./errors/error-infra-authentication.js";
export { InfraUnavailableError } from "./errors/error-infra-unavailable.js";
export { EnvelopeValidationError } from "./errors/error-envelope-validation.js";
export { UnknownHandlerTypeError } from "./errors/error-unknown-handler-type.js";
export { toInfraError, isRetryableError } from "./errors/util-to-infra-error.js";

// sanitize
export {
  REDACTED,
  sanitizeString,
  sanitizeValue,
  sanitizeFields,
  sanitizeError,
  isSensitiveKey,
  type SanitizedError,
  type SanitizeOptions,
} from "./sanitize/util-sanitize.js";

// correlation
export {
  CORRELATION_ID_HEADER,
  newCorrelationId,
  isValidCorrelationId,
  ensureCorrelationId,
  currentCorrelationId,
  runWithCorrelation,
  correlationHeaders,
  correlationIdFromHeaders,
} from "./correlation/util-correlation.js";

// resilience
export { EnumCircuitState, EnumCircuitStateSchema } from "./enums/enum-circuit-state.js";
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerCallOptions,
  type CircuitBreakerStateChange,
  type CircuitBreakerSnapshot,
  type CircuitBreakerListener,
} from "./resilience/circuit-breaker.js";
export { retryWithBackoff, backoffDelayMs, type RetryOptions, type RetryEvent, type BackoffOptions } from "./resilience/util-retry.js";
export {
  withTimeout,
  withTimeoutFallback,
  type TimeoutOptions,
  type TimeoutFallbackOptions,
  type TimeoutFallbackResult,
} from "./resilience/util-timeout.js";
export {
  CredentialRefreshManager,
  isAuthenticationFailure,
  type CredentialRefreshOptions,
  type IssuedCredential,
} from "./resilience/credential-refresh-manager.js";

// registries
export { RegistryProtocolBinding, type RegistryProtocolBindingEntry } from "./registries/registry-protocol-binding.js";
export { RegistryPolicy } from "./registries/registry-policy.js";
export { RegistryCompute } from "./registries/registry-compute.js";

// wiring
export { ProtocolServiceTokens } from "./wiring/protocol-service-tokens.js";
export {
  InfraServiceTokens,
  wireInfrastructureServices,
  type WireInfrastructureServicesOptions,
} from "./wiring/util-wire-infrastructure-services.js";
export {
  createCircuitBreakerFactory,
  type CircuitBreakerFactory,
  type CircuitBreakerSettings,
} from "./wiring/util-circuit-breaker-factory.js";

// event bus (kafka)
export { EventBusKafka, assertKafkaTopicName, type EventBusKafkaOptions } from "./event-bus/event-bus-kafka.js";
export {
  ModelEventBusKafkaConfig,
  SILENT_EVENT_BUS_LOGGER,
  type ModelEventBusKafkaConfigInput,
  type EventBusKafkaLogger,
} from "./event-bus/model-event-bus-kafka-config.js";
export {
  EventBusKafkaSubscription,
  type EventBusKafkaSubscriptionState,
  type EventBusKafkaSubscriptionStats,
} from "./event-bus/event-bus-kafka-consumer.js";
export type { EventBusKafkaSubscriptionHealth } from "./event-bus/event-bus-kafka-health.js";
export type { EventBusKafkaProducerStatus } from "./event-bus/event-bus-kafka-producer.js";
export { toKafkaInfraError, kafkaErrorType } from "./event-bus/event-bus-kafka-error.js";

// event bus
export {
  EventBusInmemory,
  type EventBusInmemoryOptions,
  type InmemoryBusMessage,
} from "./event-bus/event-bus-inmemory.js";
export {
  encodeEnvelope,
  decodeEnvelope,
  envelopeHeaders,
  headersToStrings,
  headerRetryCount,
  ENVELOPE_HEADERS,
  ENVELOPE_CONTENT_TYPE,
  ENVELOPE_DECODE_FAILURE,
  DEFAULT_MAX_ENVELOPE_BYTES,
  type EncodedEnvelope,
  type EncodeEnvelopeOptions,
  type DecodeEnvelopeOptions,
  type EnvelopeSourceLocation,
  type EnvelopeHeaderValue,
  type EnvelopeRawHeaders,
  type EnvelopeDecodeFailure,
} from "./event-bus/util-envelope-codec.js";
export {
  ModelDlqRecord,
  buildDlqRecord,
  buildDlqEnvelope,
  describeFailure,
  DLQ_EVENT_TYPE,
  DEFAULT_DLQ_MAX_VALUE_BYTES,
  type BuildDlqRecordInput,
} from "./event-bus/model-dlq-record.js";
export {
  deliverMessage,
  effectiveMaxRetries,
  type DeliverMessageInput,
  type DeliveryOutcome,
} from "./event-bus/util-message-delivery.js";
export { dlqTopicFor } from "./event-bus/util-topic-names.js";

// idempotency
export {
  IdempotencyStoreInmemory,
  type IdempotencyStoreInmemoryOptions,
} from "./idempotency/idempotency-store-inmemory.js";
export {
  IdempotencyStorePostgres,
  type IdempotencyStorePostgresOptions,
} from "./idempotency/idempotency-store-postgres.js";
export { DEFAULT_IDEMPOTENCY_TTL_SECONDS, MAX_IDEMPOTENCY_KEY_LENGTH } from "./idempotency/util-idempotency-args.js";
export {
  MIGRATION_001_IDEMPOTENCY_SQL,
  migration001IdempotencySql,
  parseSqlTableName,
  DEFAULT_IDEMPOTENCY_TABLE,
  type SqlTableName,
} from "./migrations/migration-001-idempotency.js";

// handlers (db, valkey, http)
export {
  SILENT_INFRA_LOGGER,
  type InfraLogger,
  type InfraHandlerOptions,
  type InfraBreakerConfig,
} from "./handlers/util-handler-support.js";
export { HandlerDb, type HandlerDbOptions, type HandlerDbQueryResult } from "./handlers/handler-db.js";
export { ModelHandlerDbConfig, type ModelHandlerDbConfigInput } from "./handlers/model-handler-db-config.js";
export { HandlerValkey } from "./handlers/handler-valkey.js";
export { ModelHandlerValkeyConfig, type ModelHandlerValkeyConfigInput } from "./handlers/model-handler-valkey-config.js";
export { HandlerHttp, type HandlerHttpResult } from "./handlers/handler-http.js";
export { ModelHandlerHttpConfig, type ModelHandlerHttpConfigInput } from "./handlers/model-handler-http-config.js";

// database
export {
  type DatabaseConnection,
  type DatabaseConnectionExecutor,
  type DatabaseCallOptions,
  type DatabaseDriver,
  type DatabaseField,
  type DatabaseQueryResult,
} from "./database/database-connection.js";
export { DatabaseConnectionPg, pgTargetName, type DatabaseConnectionPgOptions } from "./database/database-connection-pg.js";
export { DatabaseConnectionPglite, type DatabaseConnectionPgliteOptions } from "./database/database-connection-pglite.js";
export { DatabaseQueryError, type DatabaseQueryErrorOptions } from "./database/error-database-query.js";
export { toDatabaseError, isTransactionConflict, failedBeforeStatement, type DatabaseErrorSite } from "./database/util-database-error.js";

// cache
export {
  CacheServiceValkey,
  type CacheServiceValkeySetOptions,
  type CacheServiceValkeyListener,
} from "./cache/cache-service-valkey.js";
export { CacheServiceInmemory, type CacheServiceInmemoryOptions } from "./cache/cache-service-inmemory.js";
export { toValkeyError, valkeyTargetName } from "./cache/util-valkey-client.js";

// migrations
export {
  runMigrations,
  listAppliedMigrations,
  DEFAULT_MIGRATIONS_TABLE,
  type MigrationDefinition,
  type RunMigrationsOptions,
  type RunMigrationsResult,
} from "./migrations/util-migration-runner.js";

// handlers (consul, vault)
export { HandlerConsul, type HandlerConsulOptions, type HandlerConsulKvEntry, type HandlerConsulWatchResult } from "./handlers/handler-consul.js";
export { ModelHandlerConsulConfig } from "./handlers/model-handler-consul-config.js";
export type { ConsulHealthInstance } from "./handlers/handler-consul-client.js";
export { ServiceDiscoveryConsul, type ServiceDiscoveryConsulOptions, type DiscoveryRegistration } from "./handlers/service-discovery-consul.js";
export {
  ServiceDiscoveryInmemory,
  probeHealthEndpoint,
  type ServiceDiscoveryInmemoryOptions,
  type DiscoveryCheckStatus,
} from "./handlers/service-discovery-inmemory.js";
export { HandlerVault, type HandlerVaultOptions } from "./handlers/handler-vault.js";
export { VaultClient, encodeVaultPath, mapVaultError, type VaultCallScope, type VaultRun, type VaultErrorContext } from "./handlers/handler-vault-client.js";
export { ModelHandlerVaultConfig } from "./handlers/model-handler-vault-config.js";
export { VaultAuth, type VaultTokenState } from "./handlers/handler-vault-auth.js";
export { VaultKv, type VaultKvSecret } from "./handlers/handler-vault-kv.js";
export { VaultLeases, type VaultDynamicCredential } from "./handlers/handler-vault-leases.js";
export { SecretStoreVault, secretVersionConflict } from "./handlers/secret-store-vault.js";
export { SecretStoreEnv, type SecretStoreEnvOptions } from "./handlers/secret-store-env.js";

// testing
export {
  ApiTestServer,
  parseGoDuration,
  type ApiTestServerAddress,
  type ApiTestServerOptions,
  type ApiTestServerRequest,
} from "./testing/api-test-server.js";
export { ConsulApiServer, type ConsulApiServerOptions } from "./testing/consul-api-server.js";
export { ConsulApiState, type ConsulCheckStatus } from "./testing/consul-api-state.js";
export { VaultApiServer, type VaultApiServerOptions } from "./testing/vault-api-server.js";
export { VaultApiState, type VaultAppRole, type VaultDatabaseRole, type VaultTokenOptions } from "./testing/vault-api-state.js";

// adapter nodes
export {
  AdapterNodeEffect,
  adapterNodeTokens,
  adapterCircuitBreaker,
  loadAdapterContract,
  registerAdapterNode,
  type AdapterNodeEffectOptions,
  type AdapterNodeRegistrationOptions,
  type AdapterNodeRequest,
  type AdapterNodeSpec,
  type AdapterNodeTokens,
  type AdapterPayloadModels,
} from "./adapters/util-adapter-node.js";
export { HandlerKafka, type HandlerKafkaOptions, type HandlerKafkaProduceResult } from "./handlers/handler-kafka.js";
export { ModelHandlerKafkaConfig, type ModelHandlerKafkaConfigInput } from "./handlers/model-handler-kafka-config.js";
export { NodePostgresAdapterEffect, type NodePostgresAdapterEffectOptions } from "./nodes/postgres_adapter/v1_0_0/node.js";
export { RegistryInfraPostgresAdapter, type RegistryInfraPostgresAdapterOptions } from "./nodes/postgres_adapter/v1_0_0/registry/registry-infra-postgres-adapter.js";
export { ModelPostgresAdapterInput, ModelPostgresAdapterOutput } from "./nodes/postgres_adapter/v1_0_0/models/index.js";
export { NodeConsulAdapterEffect, type NodeConsulAdapterEffectOptions } from "./nodes/consul_adapter/v1_0_0/node.js";
export { RegistryInfraConsulAdapter, type RegistryInfraConsulAdapterOptions } from "./nodes/consul_adapter/v1_0_0/registry/registry-infra-consul-adapter.js";
export { ModelConsulAdapterInput, ModelConsulAdapterOutput } from "./nodes/consul_adapter/v1_0_0/models/index.js";
export { NodeVaultAdapterEffect, type NodeVaultAdapterEffectOptions } from "./nodes/vault_adapter/v1_0_0/node.js";
export { RegistryInfraVaultAdapter, type RegistryInfraVaultAdapterOptions } from "./nodes/vault_adapter/v1_0_0/registry/registry-infra-vault-adapter.js";
export { ModelVaultAdapterInput, ModelVaultAdapterOutput } from "./nodes/vault_adapter/v1_0_0/models/index.js";
export { NodeValkeyAdapterEffect, type NodeValkeyAdapterEffectOptions } from "./nodes/valkey_adapter/v1_0_0/node.js";
export { RegistryInfraValkeyAdapter, type RegistryInfraValkeyAdapterOptions } from "./nodes/valkey_adapter/v1_0_0/registry/registry-infra-valkey-adapter.js";
export { ModelValkeyAdapterInput, ModelValkeyAdapterOutput } from "./nodes/valkey_adapter/v1_0_0/models/index.js";
export { NodeKafkaAdapterEffect, type NodeKafkaAdapterEffectOptions } from "./nodes/kafka_adapter/v1_0_0/node.js";
export { RegistryInfraKafkaAdapter, type RegistryInfraKafkaAdapterOptions } from "./nodes/kafka_adapter/v1_0_0/registry/registry-infra-kafka-adapter.js";
export { ModelKafkaAdapterInput, ModelKafkaAdapterOutput } from "./nodes/kafka_adapter/v1_0_0/models/index.js";

// registration workflow
export {
  RegistrationWorkflow,
  RegistrationWorkflowToken,
  registerRegistrationWorkflow,
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  type RegistrationWorkflowOptions,
  type RegistrationTickReport,
  type RegistrationTopics,
} from "./registration/registration-workflow.js";
export { RegistrationServiceTokens } from "./registration/util-registration-tokens.js";
export type {
  RegistrationOutcome,
  RegistrationOrchestratorPort,
  RegistrationReducerPort,
  RegistrationReducerPortInput,
  RegistrationReduction,
  RegistrationReductionIntent,
  RegistrationSettings,
} from "./registration/registration-ports.js";
export {
  DEFAULT_NODE_REGISTRATIONS_TABLE,
  type RegistrationProjectionStore,
  type RegistrationProjectionRecord,
  type RegistrationNodeDescription,
  type RegistrationProjectionListFilter,
  type RegistrationProjectionStoreResult,
} from "./registration/registration-projection-store.js";
export {
  RegistrationProjectionStorePostgres,
  type RegistrationProjectionStorePostgresOptions,
} from "./registration/registration-projection-store-postgres.js";
export { RegistrationProjectionStoreInmemory } from "./registration/registration-projection-store-inmemory.js";
export {
  MIGRATION_002_NODE_REGISTRATIONS_SQL,
  migration002NodeRegistrationsSql,
  migration002NodeRegistrationsId,
} from "./registration/migration-002-node-registrations.js";
export { NodeRegistryProjection, toNodeRegistryRecord, type NodeRegistryProjectionCommands } from "./registration/node-registry-projection.js";
export {
  expireStaleNodes,
  retryFailedRegistrations,
  type RegistrationSweepDependencies,
  type RegistrationSweepReport,
} from "./registration/util-registration-expiry.js";
export { RegistrationEffectNode, registrationBreakerName } from "./registration/registration-effect-node.js";
export { NodeRegistrationOrchestrator } from "./nodes/node_registration_orchestrator/v1_0_0/node.js";
export { RegistryInfraNodeRegistrationOrchestrator } from "./nodes/node_registration_orchestrator/v1_0_0/registry/registry-infra-node-registration-orchestrator.js";
export {
  ModelNodeIntrospectionEvent,
  ModelNodeHeartbeatEvent,
  ModelNodeRegisteredEvent,
  ModelRegistrationOutcome,
} from "./nodes/node_registration_orchestrator/v1_0_0/models/index.js";
export { NodeRegistrationReducer, type NodeRegistrationReducerOptions } from "./nodes/node_registration_reducer/v1_0_0/node.js";
export { RegistryInfraNodeRegistrationReducer } from "./nodes/node_registration_reducer/v1_0_0/registry/registry-infra-node-registration-reducer.js";
export { ModelRegistrationState, ModelRegistrationTrigger } from "./nodes/node_registration_reducer/v1_0_0/models/index.js";
export { NodeRegistryEffect, consulRegistrationOf, type NodeRegistryEffectOptions } from "./nodes/node_registry_effect/v1_0_0/node.js";
export { RegistryInfraNodeRegistryEffect } from "./nodes/node_registry_effect/v1_0_0/registry/registry-infra-node-registry-effect.js";
export {
  NodeRegistrationStorageEffect,
  type NodeRegistrationStorageEffectOptions,
} from "./nodes/node_registration_storage_effect/v1_0_0/node.js";
export { RegistryInfraNodeRegistrationStorageEffect } from "./nodes/node_registration_storage_effect/v1_0_0/registry/registry-infra-node-registration-storage-effect.js";
export { ModelRegistrationProjection } from "./nodes/node_registration_storage_effect/v1_0_0/models/index.js";
export { NodeServiceDiscoveryEffect, type NodeServiceDiscoveryEffectOptions } from "./nodes/node_service_discovery_effect/v1_0_0/node.js";
export { RegistryInfraNodeServiceDiscoveryEffect } from "./nodes/node_service_discovery_effect/v1_0_0/registry/registry-infra-node-service-discovery-effect.js";
export { ModelDiscoveryInstance } from "./nodes/node_service_discovery_effect/v1_0_0/models/index.js";
