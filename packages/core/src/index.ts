/**
 * @onex/core: node archetypes, zod I/O models, enums, the core error, the DI container, contracts and codegen.
 * @packageDocumentation
 */
export { EnumNodeType } from "./enums/enum-node-type.js";
export {
  EnumCoreErrorCode,
  EnumCoreErrorCodeInfo,
  EnumCoreErrorCodeSchema,
  type EnumCoreErrorCodeGroup,
} from "./enums/enum-core-error-code.js";
export {
  ModelOnexError,
  ModelOnexErrorJson,
  type ModelOnexErrorContext,
  type ModelOnexErrorOptions,
} from "./errors/model-onex-error.js";

// validation
export {
  parseModel,
  formatZodIssues,
  formatZodIssue,
  formatZodPath,
  formatValidationMessage,
  createValidationError,
  ROOT_PATH,
  type ValidationIssue,
} from "./util/util-parse-model.js";

// enums
export { EnumNodeTypeSchema } from "./enums/enum-node-type.js";
export { EnumReductionType, EnumReductionTypeSchema } from "./enums/enum-reduction-type.js";
export { EnumConflictResolution, EnumConflictResolutionSchema } from "./enums/enum-conflict-resolution.js";
export { EnumStreamingMode, EnumStreamingModeSchema } from "./enums/enum-streaming-mode.js";
export { EnumExecutionMode, EnumExecutionModeSchema } from "./enums/enum-execution-mode.js";
export { EnumWorkflowState, EnumWorkflowStateSchema } from "./enums/enum-workflow-state.js";
export { EnumStepStatus, EnumStepStatusSchema } from "./enums/enum-step-status.js";
export { EnumEffectType, EnumEffectTypeSchema } from "./enums/enum-effect-type.js";
export { EnumTransactionState, EnumTransactionStateSchema } from "./enums/enum-transaction-state.js";
export { EnumDependencyType, EnumDependencyTypeSchema } from "./enums/enum-dependency-type.js";
export { EnumActionType, EnumActionTypeSchema } from "./enums/enum-action-type.js";
export { EnumMessageCategory, EnumMessageCategorySchema } from "./enums/enum-message-category.js";
export { EnumLifecycle, EnumLifecycleSchema } from "./enums/enum-lifecycle.js";

// event envelope
export {
  ModelEventEnvelope,
  ModelEventEnvelopeTraceContext,
  type ModelEventEnvelopeInput,
} from "./models/model-event-envelope.js";
export {
  createEventEnvelope,
  deriveEnvelope,
  type CreateEventEnvelopeInput,
  type DeriveEnvelopeInput,
  type EnvelopeFactoryOptions,
} from "./models/util-event-envelope.js";

// models
export { ModelSemVer } from "./models/model-sem-ver.js";
export { SEMVER_PATTERN, parseSemVer, formatSemVer, compareSemVer } from "./models/util-semver.js";
export { ModelDependency } from "./models/model-dependency.js";
export { ModelIntent } from "./models/model-intent.js";
export { ModelAction } from "./models/model-action.js";
export { ModelWorkflowStep } from "./models/model-workflow-step.js";
export { ModelEffectInput } from "./models/model-effect-input.js";
export { ModelEffectOutput } from "./models/model-effect-output.js";
export { ModelEffectTransaction, ModelEffectTransactionStep } from "./models/model-effect-transaction.js";
export { ModelComputeInput } from "./models/model-compute-input.js";
export { ModelComputeOutput } from "./models/model-compute-output.js";
export { ModelReducerInput } from "./models/model-reducer-input.js";
export { ModelReducerOutput } from "./models/model-reducer-output.js";
export { ModelOrchestratorInput } from "./models/model-orchestrator-input.js";
export { ModelOrchestratorOutput, ModelOrchestratorOutputStepResult } from "./models/model-orchestrator-output.js";

// container
export { ModelONEXContainer, type ContainerServiceFactory, type ContainerServiceClass } from "./container/model-onex-container.js";
export {
  ModelONEXContainerServiceRegistry,
  type RegistrationOptions,
  type InstanceRegistrationOptions,
} from "./container/model-onex-container-service-registry.js";
export { createServiceToken, type ServiceToken, type ServiceTokenType } from "./container/service-token.js";

// nodes
export { NodeCompute, type NodeComputeFunction, type NodeComputeOptions, type NodeComputeCacheStats } from "./nodes/node-compute.js";
export {
  NodeReducer,
  type NodeReducerOptions,
  type NodeReducerOutput,
  type NodeReducerActionPhase,
} from "./nodes/node-reducer.js";
export { NodeReducerSnapshot, NodeReducerSnapshotHistoryEntry } from "./nodes/node-reducer-snapshot.js";
export {
  NodeOrchestrator,
  type NodeOrchestratorOptions,
  type NodeOrchestratorProcessOptions,
} from "./nodes/node-orchestrator.js";
export {
  NODE_ORCHESTRATOR_STEP_EXECUTOR,
  nodeOrchestratorStepExecutorToken,
  type NodeOrchestratorStep,
  type NodeOrchestratorStepContext,
  type NodeOrchestratorStepExecutor,
} from "./nodes/node-orchestrator-step.js";
export {
  NodeEffect,
  NODE_EFFECT_CIRCUIT_BREAKER,
  type NodeEffectOptions,
  type NodeEffectProcessOptions,
  type NodeEffectTransactionOptions,
} from "./nodes/node-effect.js";
export {
  nodeEffectHandlerToken,
  type NodeEffectHandler,
  type NodeEffectHandlerContext,
  type NodeEffectHandlerFunction,
  type NodeEffectHandlerObject,
} from "./nodes/node-effect-handler.js";
export {
  NodeEffectTransactionStepInput,
  type NodeEffectTransactionOutput,
  type NodeEffectTransactionRollbackFailure,
} from "./nodes/node-effect-transaction.js";
export {
  NodeEffectCircuitBreakerDefault,
  type NodeEffectCircuitBreaker,
  type NodeEffectCircuitBreakerState,
  type NodeEffectCircuitBreakerSettings,
  type NodeEffectCircuitBreakerOptions,
} from "./nodes/node-effect-circuit-breaker.js";
export { computeBackoffDelay, backoffCap, type BackoffPolicy, type RandomSource } from "./nodes/util-backoff.js";
export { sleep, runWithTimeout, type SleepFunction, type RunWithTimeoutOptions } from "./nodes/util-abortable.js";
export { canonicalJson, fnv1a64, stableHash } from "./nodes/util-stable-hash.js";
export { LruCache } from "./nodes/util-lru-cache.js";
export {
  mergeRecords,
  reduceItems,
  type ConflictResolver,
  type MergeRecordsOptions,
  type ReduceItemsOptions,
  type ReductionAggregate,
} from "./nodes/util-reduction.js";

// contracts
export {
  ModelContract,
  ModelContractModelReference,
  ModelContractEventBus,
  ModelContractHealthCheck,
  ModelContractHandlerRoute,
  ModelContractHandlerRouting,
  ModelContractEventReference,
  type ModelContractInput,
} from "./contracts/model-contract.js";
export {
  ModelContractStateMachine,
  ModelContractStateMachineState,
  ModelContractStateMachineTransition,
  ModelContractStateMachineCondition,
  ModelContractStateMachineAction,
  STATE_MACHINE_ANY_STATE,
  type ModelContractStateMachineInput,
} from "./contracts/model-contract-state-machine.js";
export {
  ModelContractWorkflowCoordination,
  ModelContractWorkflowCoordinationDefinition,
  ModelContractWorkflowCoordinationMetadata,
  ModelContractWorkflowCoordinationNode,
  ModelContractWorkflowCoordinationRules,
  ModelContractWorkflowCoordinationStepConfig,
  type ModelContractWorkflowCoordinationInput,
} from "./contracts/model-contract-workflow-coordination.js";
export {
  ModelContractErrorHandling,
  ModelContractErrorHandlingRetryPolicy,
  ModelContractErrorHandlingCircuitBreaker,
  type ModelContractErrorHandlingInput,
} from "./contracts/model-contract-error-handling.js";
export {
  ModelContractDefinition,
  ModelContractDefinitionLiteral,
  CONTRACT_DEFINITION_TYPES,
  CONTRACT_DEFINITION_FORMATS,
  contractDefinitionRef,
  contractDefinitionType,
} from "./contracts/model-contract-definition.js";
export {
  contractDefinitionSchema,
  contractInlineDefinitionSchema,
  contractDefinitionModelName,
  contractDefinitionFileBase,
  toKebabCase,
} from "./contracts/util-contract-definition-schema.js";
export { lintContractDefinitions } from "./contracts/util-contract-definition-lint.js";
export {
  parseConditionExpression,
  evaluateConditionExpression,
  conditionFields,
  type ConditionExpression,
  type ConditionCheck,
  type ConditionLiteral,
} from "./contracts/util-condition-expression.js";
export {
  analyzeWorkflowGraph,
  type WorkflowGraphAnalysis,
  type WorkflowGraphIssue,
  type WorkflowGraphIssueKind,
  type WorkflowGraphNode,
} from "./contracts/util-workflow-graph.js";
export {
  analyzeStateMachine,
  stateMachineTerminalStates,
  type StateMachineAnalysis,
  type StateMachineIssue,
  type StateMachineIssueKind,
} from "./contracts/util-fsm-integrity.js";
export {
  validateTopicName,
  buildTopicName,
  TOPIC_ENV_PLACEHOLDER,
  KAFKA_TOPIC_MAX_LENGTH,
  type TopicNameProblem,
  type TopicNameParts,
} from "./contracts/util-topic-name.js";
export {
  formatContractPath,
  formatContractProblem,
  sortContractProblems,
  type ContractProblem,
  type ContractProblemCode,
  type ContractProblemSeverity,
  type ContractIssue,
} from "./contracts/util-contract-problem.js";
export { findUnknownFields } from "./contracts/util-contract-unknown-fields.js";
export { lintContract, lintContractIssues } from "./contracts/util-contract-linter.js";
export {
  loadContractText,
  checkContractValue,
  assertContract,
  createContractError,
  type ContractLoadResult,
} from "./contracts/util-contract-loader.js";

// codegen
export {
  generateModels,
  checkGeneratedModels,
  verifyGeneratedFile,
  GENERATED_FILE_MARKER,
  type GenerateModelsOptions,
  type GeneratedFile,
  type GeneratedModels,
  type GeneratedModelsCheck,
} from "./codegen/util-codegen.js";
export { sha256Hex } from "./codegen/util-content-hash.js";
