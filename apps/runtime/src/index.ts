/**
 * @onex/runtime: the ONEX runtime host, HTTP hub and the `onex` CLI.
 * @packageDocumentation
 */
// config
export {
  ModelRuntimeConfig,
  ModelRuntimeConfigHttp,
  ModelRuntimeConfigBus,
  ModelRuntimeConfigRegistration,
  RUNTIME_LOG_LEVELS,
  type ModelRuntimeConfigInput,
} from "./config/model-runtime-config.js";
export {
  loadRuntimeConfig,
  parseRuntimeConfig,
  resolveConfigPath,
  DEFAULT_CONFIG_FILE,
  type LoadRuntimeConfigOptions,
  type LoadedRuntimeConfig,
  type RuntimeConfigProblem,
  type RuntimeEnv,
} from "./config/util-load-config.js";
export { CONFIG_ENV_BINDINGS, convertEnvValue, type ConfigEnvBinding, type ConfigEnvKind } from "./config/util-config-env.js";
export { runtimeTopics, type RuntimeTopics } from "./config/util-runtime-topics.js";
export {
  selectBackends,
  describeBackends,
  safeHostPort,
  type RuntimeBackends,
  type RuntimeBusBackend,
  type RuntimeDatabaseBackend,
  type RuntimeDiscoveryBackend,
  type RuntimeSecretsBackend,
  type RuntimeCacheBackend,
} from "./config/util-select-backends.js";

// logging
export { createRuntimeLogger, type RuntimeLogger, type CreateRuntimeLoggerOptions } from "./logging/util-logger.js";

// host
export {
  RuntimeHost,
  type RuntimeHostOptions,
  type RuntimeComponents,
  type RuntimeComponentsContext,
  type RuntimeComponentsFactory,
  type RuntimeHealth,
  type RuntimeHandlerView,
  type RuntimeState,
} from "./host/runtime-host.js";
export { RuntimeDispatcher, RUNTIME_IDEMPOTENCY_DOMAIN, RUNTIME_ERROR_EVENT_TYPE, type DispatchResult, type OperationRouter, type RuntimeDispatcherOptions } from "./host/runtime-dispatcher.js";
export { RuntimeMetrics, type EnvelopeOutcome, type CircuitStateSample, type RuntimeMetricsProviders } from "./host/runtime-metrics.js";
export { RuntimeDlqView, toDlqEntry, type RuntimeDlqViewOptions } from "./host/runtime-dlq-view.js";
export { ResponseWaiters } from "./host/util-response-waiters.js";
export { RuntimeServiceTokens } from "./host/util-runtime-tokens.js";
export { ModelRuntimeSubmitRequest, type ModelRuntimeSubmitRequestInput } from "./host/model-runtime-submit-request.js";
export { startHandlers, type RuntimeHandlerSpec, type RuntimeHandlerFailure, type StartedHandlers } from "./host/util-start-handlers.js";
export { toErrorPayload, type RuntimeErrorPayload } from "./host/util-error-payload.js";
export {
  scanContracts,
  findContractFiles,
  loadContractFile,
  CONTRACT_FILE,
  type ContractScan,
  type LoadedContract,
  type FailedContract,
} from "./host/util-contract-files.js";
export { createRuntimeComponents } from "./host/util-runtime-components.js";
export { RuntimeRegistration, registrationTickIntervalMs, type RuntimeRegistrationComponents, type RuntimeRegistrationOptions } from "./host/runtime-registration.js";
export { registerAdapterNodes, ADAPTER_NODE_REGISTRIES } from "./host/util-adapter-nodes.js";
export { IdempotencyStoreDatabase, type IdempotencyStoreDatabaseOptions } from "./idempotency/idempotency-store-database.js";
export {
  startRuntime,
  runRuntimeProcess,
  EXIT_DRAIN_TIMEOUT,
  type StartRuntimeOptions,
  type RunningRuntime,
  type RunRuntimeProcessOptions,
} from "./host/runtime-process.js";

// http
export { createRuntimeHub, type RuntimeHubOptions } from "./http/runtime-hub-server.js";
export { hubError, type HubErrorBody } from "./http/util-hub-errors.js";

// cli
export { runCli, createCliProgram } from "./cli/cli-program.js";
export { processIo, EXIT_USAGE, type CliIo } from "./cli/util-cli-io.js";
export { EXIT_HUB_UNREACHABLE, HubUnreachableError, type FetchLike } from "./cli/util-hub-client.js";
