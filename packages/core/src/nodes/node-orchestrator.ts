/**
 * The ORCHESTRATOR archetype: runs the contract's workflow graph (validated, topologically ordered), sequentially
 * or in parallel under a real concurrency bound, with per-step timeouts, retries and failure handling
 * (ARCHITECTURE §5).
 * @module
 */
import type { z } from "zod";
import type { ModelONEXContainer } from "../container/model-onex-container.js";
import type { ModelContract } from "../contracts/model-contract.js";
import {
  ModelContractWorkflowCoordination,
  type ModelContractWorkflowCoordinationInput,
} from "../contracts/model-contract-workflow-coordination.js";
import { analyzeWorkflowGraph } from "../contracts/util-workflow-graph.js";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumStepStatus } from "../enums/enum-step-status.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { ModelOrchestratorInput } from "../models/model-orchestrator-input.js";
import type { ModelOrchestratorOutput, ModelOrchestratorOutputStepResult } from "../models/model-orchestrator-output.js";
import { parseModel } from "../util/util-parse-model.js";
import {
  NODE_ORCHESTRATOR_STEP_EXECUTOR,
  nodeOrchestratorStepExecutorToken,
  type NodeOrchestratorStep,
  type NodeOrchestratorStepExecutor,
} from "./node-orchestrator-step.js";
import { WorkflowRun, type WorkflowPlan } from "./node-orchestrator-run.js";
import type { SleepFunction } from "./util-abortable.js";
import type { BackoffPolicy, RandomSource } from "./util-backoff.js";
import { correlationIdHint } from "./util-node-input.js";

/** Options of {@link NodeOrchestrator}. @category Nodes */
export interface NodeOrchestratorOptions {
  /** Executors keyed by `step_config.operation` or `node_type` (operation wins). */
  readonly executors?: Readonly<Record<string, NodeOrchestratorStepExecutor>>;
  /** Fallback executor for steps no keyed executor serves. */
  readonly executor?: NodeOrchestratorStepExecutor;
  /** Backoff between attempts of a step; 100 ms doubling up to 5 s with full jitter by default. */
  readonly retryBackoff?: BackoffPolicy;
  /** Uniform random source in `[0, 1)` for jitter (tests inject one). */
  readonly random?: RandomSource;
  /** Backoff sleep (tests inject one). */
  readonly sleep?: SleepFunction;
  /** Clock in milliseconds for durations; `Date.now` by default. */
  readonly now?: () => number;
}

/** Options of one {@link NodeOrchestrator.process} call. @category Nodes */
export interface NodeOrchestratorProcessOptions {
  /** Cancels the run: running steps abort, nothing new starts, the state is `cancelled`. */
  readonly signal?: AbortSignal;
}





/**
 * ORCHESTRATOR node. At construction the graph is checked (duplicate ids, unknown or self dependencies, cycles:
 * `WORKFLOW_INVALID_GRAPH` naming the offending ids) and its execution order computed. `process()` then:
 *
 * - resolves an executor per step (options by operation, then node type; the container under
 *   {@link nodeOrchestratorStepExecutorToken} likewise; then options.executor and
 *   {@link NODE_ORCHESTRATOR_STEP_EXECUTOR}); a step without one fails the call (`UNKNOWN_HANDLER_TYPE`) before
 *   anything runs;
 * - starts a step as soon as all its dependencies completed and a slot is free: one slot in `sequential` mode
 *   (steps run in execution order), `max_parallel_branches` in `parallel` mode;
 * - gives each attempt `timeout_ms` (step, else the rules'; the executor's signal aborts and the attempt fails
 *   with `TIMEOUT_ERROR`) and retries any failed attempt up to `max_retries` (step, else the rules') with backoff;
 * - on a step's final failure, skips its dependants (transitively); when the failure is tolerated
 *   (`continue_on_error` on the step, or strategy `continue`) the other steps go on, otherwise (fail fast) nothing
 *   new starts, running steps are aborted (reported failed with `CANCELLED`) and the pending ones are skipped.
 *
 * Final state: `cancelled` when the caller aborted, `failed` after a fail-fast stop, else `completed` (possibly
 * with tolerated failures listed in `failed_steps`). Step failures are reported, not thrown.
 *
 * @category Nodes
 */
export class NodeOrchestrator {
  /** The container the node was built with. */
  readonly container: ModelONEXContainer;
  /** The contract, when the node was built from a whole contract. */
  readonly contract: ModelContract | undefined;
  /** The parsed `workflow_coordination` section. */
  readonly workflow: ModelContractWorkflowCoordination;
  /** The steps, normalised against the coordination rules, in declaration order. */
  readonly steps: readonly NodeOrchestratorStep[];
  /** Topological execution order (dependencies first, ties by declaration order). */
  readonly executionOrder: readonly string[];
  readonly #executors = new Map<string, NodeOrchestratorStepExecutor>();
  readonly #options: NodeOrchestratorOptions;
  readonly #plan: WorkflowPlan;

  /**
   * @param contract a whole contract (its `workflow_coordination` is used) or just that section.
   * @throws ModelOnexError `CONTRACT_VALIDATION_ERROR` for a missing or malformed section,
   * `WORKFLOW_INVALID_GRAPH` for a cycle, an unknown or self dependency or a duplicate step id.
   */
  constructor(container: ModelONEXContainer, contract: ModelContract | ModelContractWorkflowCoordinationInput, options: NodeOrchestratorOptions = {}) {
    this.container = container;
    this.#options = options;
    const full = "node_type" in contract ? contract : undefined;
    this.contract = full;
    const section: unknown = full === undefined ? contract : full.workflow_coordination;
    const where = full === undefined ? "workflow_coordination" : `workflow_coordination of contract "${full.name}"`;
    if (section === undefined) {
      throw new ModelOnexError(`${where}: an orchestrator needs a workflow_coordination section`, { errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR });
    }
    this.workflow = parseModel(ModelContractWorkflowCoordination, section, where);
    const definition = this.workflow.workflow_definition;
    const nodes = definition.execution_graph.nodes;
    const analysis = analyzeWorkflowGraph(nodes);
    if (analysis.issues.length > 0) {
      const ids = [...new Set(analysis.issues.flatMap((issue) => [issue.nodeId, ...(issue.cycle ?? []), ...(issue.dependency === undefined ? [] : [issue.dependency])]))];
      throw new ModelOnexError(`workflow "${definition.workflow_metadata.workflow_name}" has an invalid graph: ${analysis.issues.map((issue) => issue.message).join("; ")}`, {
        errorCode: EnumCoreErrorCode.WORKFLOW_INVALID_GRAPH,
        context: {
          workflow: definition.workflow_metadata.workflow_name,
          stepIds: ids,
          issues: analysis.issues.map((issue) => ({ ...issue })),
        },
      });
    }
    const rules = definition.coordination_rules;
    this.steps = nodes.map((node) => ({
      step_id: node.node_id,
      step_name: node.node_id,
      node_type: node.node_type,
      operation: node.step_config.operation,
      depends_on: [...new Set(node.depends_on)],
      timeout_ms: node.step_config.timeout_ms ?? rules.timeout_ms,
      max_retries: node.step_config.max_retries ?? rules.max_retries,
      continue_on_error: node.step_config.continue_on_error ?? rules.failure_recovery_strategy === "continue",
      payload: {},
      parameters: node.step_config.parameters,
    }));
    this.executionOrder = analysis.order;
    const dependants = new Map<string, string[]>();
    for (const step of this.steps) {
      for (const dep of step.depends_on) dependants.set(dep, [...(dependants.get(dep) ?? []), step.step_id]);
    }
    const ancestors = new Map<string, readonly string[]>();
    const byId = new Map(this.steps.map((step) => [step.step_id, step]));
    for (const id of this.executionOrder) {
      const deps = byId.get(id)?.depends_on ?? [];
      ancestors.set(id, [...new Set(deps.flatMap((dep) => [...(ancestors.get(dep) ?? []), dep]))]);
    }
    this.#plan = {
      name: definition.workflow_metadata.workflow_name,
      steps: this.steps,
      executionOrder: this.executionOrder,
      concurrency: rules.execution_mode === "parallel" ? rules.max_parallel_branches : 1,
      ancestors,
      dependants,
    };
    for (const [key, executor] of Object.entries(options.executors ?? {})) this.#executors.set(key, executor);
  }

  /** Name used in messages: the workflow's name. */
  get name(): string {
    return this.workflow.workflow_definition.workflow_metadata.workflow_name;
  }

  /** Registers (or replaces) the executor for an operation or node type. */
  register(key: string, executor: NodeOrchestratorStepExecutor): this {
    this.#executors.set(key, executor);
    return this;
  }

  /** Runs the workflow once; see the class description. */
  async process(input: z.input<typeof ModelOrchestratorInput>, options: NodeOrchestratorProcessOptions = {}): Promise<ModelOrchestratorOutput> {
    const parsed = parseModel(ModelOrchestratorInput, input, `${this.name} ModelOrchestratorInput`, correlationIdHint(input));
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const workflowId = parsed.workflow_id ?? crypto.randomUUID();
    const executors = this.#resolveExecutors(correlationId);
    const now = this.#options.now ?? Date.now;
    const started = now();
    const run = new WorkflowRun(this.#plan, executors, this.#options, { workflowId, correlationId, payload: parsed.payload });
    const state = await run.execute(options.signal);
    const stepResults: Record<string, ModelOrchestratorOutputStepResult> = {};
    for (const step of this.steps) {
      const record = run.records.get(step.step_id);
      if (record === undefined) continue;
      stepResults[step.step_id] = {
        status: record.status,
        attempts: record.attempts,
        duration_ms: record.durationMs,
        ...(record.status === EnumStepStatus.COMPLETED ? { output: record.output } : {}),
        ...(record.error === undefined ? {} : { error: { message: record.error.message, errorCode: record.error.errorCode } }),
      };
    }
    const withStatus = (...statuses: EnumStepStatus[]): string[] => this.executionOrder.filter((id) => statuses.includes(run.records.get(id)?.status ?? EnumStepStatus.PENDING));
    return {
      workflow_id: workflowId,
      state,
      completed_steps: [...run.completionOrder],
      failed_steps: withStatus(EnumStepStatus.FAILED, EnumStepStatus.TIMED_OUT),
      skipped_steps: withStatus(EnumStepStatus.SKIPPED),
      step_results: stepResults,
      execution_order: [...this.executionOrder],
      total_duration_ms: Math.max(0, now() - started),
      correlation_id: correlationId,
    };
  }

  #resolveExecutors(correlationId: string): Map<string, NodeOrchestratorStepExecutor> {
    const resolved = new Map<string, NodeOrchestratorStepExecutor>();
    const missing: string[] = [];
    for (const step of this.steps) {
      const keys = [...(step.operation === undefined ? [] : [step.operation]), step.node_type];
      let executor: NodeOrchestratorStepExecutor | undefined;
      for (const key of keys) executor ??= this.#executors.get(key);
      for (const key of keys) executor ??= this.container.tryResolveService(nodeOrchestratorStepExecutorToken(key));
      executor ??= this.#options.executor ?? this.container.tryResolveService(NODE_ORCHESTRATOR_STEP_EXECUTOR);
      if (executor === undefined) missing.push(`"${step.step_id}" (${keys.join(" / ")})`);
      else resolved.set(step.step_id, executor);
    }
    if (missing.length > 0) {
      throw new ModelOnexError(`workflow "${this.name}": no executor for step(s) ${missing.join(", ")}`, {
        errorCode: EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE,
        correlationId,
        context: { workflow: this.name, steps: missing },
      });
    }
    return resolved;
  }
}
