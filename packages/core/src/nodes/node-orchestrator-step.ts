/**
 * What a workflow step looks like to its executor, and how executors are found in the container.
 * @module
 */
import { createServiceToken, type ServiceToken } from "../container/util-service-token.js";
import type { ModelWorkflowStep } from "../models/model-workflow-step.js";

/**
 * A workflow step as the orchestrator runs it: the normalised {@link ModelWorkflowStep} (timeout, retries and
 * `continue_on_error` resolved against the coordination rules) plus the contract's `step_config.operation`.
 *
 * @category Nodes
 */
export interface NodeOrchestratorStep extends ModelWorkflowStep {
  /** Operation from `step_config.operation`, when set. */
  readonly operation?: string | undefined;
  /** Node type (always set for contract steps). */
  readonly node_type: string;
  /** Effective per-attempt timeout in milliseconds. */
  readonly timeout_ms: number;
}

/**
 * What a step executor receives besides the step.
 *
 * @category Nodes
 */
export interface NodeOrchestratorStepContext {
  /** Aborted when the attempt times out, the workflow fails fast, or the caller cancels; pass it on. */
  readonly signal: AbortSignal;
  /** 0 for the first attempt, 1 for the first retry... */
  readonly attempt: number;
  /** Id of the workflow run. */
  readonly workflowId: string;
  /** Correlation id of the run. */
  readonly correlationId: string;
  /** The run's input payload. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Outputs of the step's dependencies (direct and transitive), by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Runs one step; its resolved value is the step's output. @category Nodes */
export type NodeOrchestratorStepExecutor = (step: NodeOrchestratorStep, context: NodeOrchestratorStepContext) => Promise<unknown>;

/**
 * Container token of the executor for steps whose `step_config.operation` or `node_type` is `key`:
 * `onex.step-executor.<key>`.
 *
 * @category Nodes
 */
export function nodeOrchestratorStepExecutorToken(key: string): ServiceToken<NodeOrchestratorStepExecutor> {
  return createServiceToken<NodeOrchestratorStepExecutor>(`onex.step-executor.${key}`);
}

/**
 * Container token of the fallback executor, used for steps no specific executor serves.
 *
 * @category Nodes
 */
export const NODE_ORCHESTRATOR_STEP_EXECUTOR: ServiceToken<NodeOrchestratorStepExecutor> = createServiceToken<NodeOrchestratorStepExecutor>("onex.step-executor");
