/**
 * The `workflow_coordination` section of an orchestrator contract (ARCHITECTURE §4): workflow metadata, the
 * execution graph of steps and the coordination rules. Graph integrity (cycles, unknown or duplicate ids) is
 * checked by `analyzeWorkflowGraph` in `util-workflow-graph.ts`.
 * @module
 */
import { z } from "zod";

/**
 * Per-step settings of a workflow node.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordinationStepConfig = z.object({
  /** Operation the step runs (e.g. a handler operation such as `consul.register`). */
  operation: z.string().min(1).optional(),
  /** Step timeout; the workflow's `timeout_ms` when absent. */
  timeout_ms: z.int().positive().optional(),
  /** Retries of this step; the workflow's `max_retries` when absent. */
  max_retries: z.int().nonnegative().optional(),
  /** Whether the workflow goes on when this step fails. */
  continue_on_error: z.boolean().optional(),
  /** Free-form parameters passed to the step. */
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** Per-step settings. @category Contracts */
export type ModelContractWorkflowCoordinationStepConfig = z.infer<typeof ModelContractWorkflowCoordinationStepConfig>;

/**
 * One step of the execution graph.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordinationNode = z.object({
  /** Unique id of the step. */
  node_id: z.string().min(1),
  /** Kind of step (usually the archetype of the node it calls, e.g. `EFFECT_GENERIC`). */
  node_type: z.string().min(1),
  /** Ids of the steps that must complete first. */
  depends_on: z.array(z.string()).default([]),
  /** Step settings. */
  step_config: ModelContractWorkflowCoordinationStepConfig.prefault({}),
});

/** One workflow step. @category Contracts */
export type ModelContractWorkflowCoordinationNode = z.infer<typeof ModelContractWorkflowCoordinationNode>;

/**
 * How the orchestrator runs the graph.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordinationRules = z.object({
  /** Run ready steps one at a time or concurrently. */
  execution_mode: z.enum(["sequential", "parallel"]).default("sequential"),
  /** Most steps running at once in parallel mode. */
  max_parallel_branches: z.int().min(1).default(4),
  /** Default retries of a failed step. */
  max_retries: z.int().nonnegative().default(0),
  /** Default step timeout. */
  timeout_ms: z.int().positive().default(30_000),
  /** What a step failure does to the rest: stop, go on, or retry the step. */
  failure_recovery_strategy: z.enum(["fail_fast", "continue", "retry"]).default("fail_fast"),
});

/** Coordination rules. @category Contracts */
export type ModelContractWorkflowCoordinationRules = z.infer<typeof ModelContractWorkflowCoordinationRules>;

/**
 * Descriptive metadata of a workflow.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordinationMetadata = z.object({
  /** Name of the workflow. */
  workflow_name: z.string().min(1),
  /** Version of the workflow definition. */
  workflow_version: z.string().optional(),
  /** Human description. */
  description: z.string().optional(),
});

/** Workflow metadata. @category Contracts */
export type ModelContractWorkflowCoordinationMetadata = z.infer<typeof ModelContractWorkflowCoordinationMetadata>;

/**
 * The workflow definition: metadata, execution graph and rules.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordinationDefinition = z.object({
  /** Descriptive metadata. */
  workflow_metadata: ModelContractWorkflowCoordinationMetadata,
  /** The steps. */
  execution_graph: z.object({
    /** Steps, in declaration order (ties in the execution order follow it). */
    nodes: z.array(ModelContractWorkflowCoordinationNode),
  }),
  /** How the graph is run. */
  coordination_rules: ModelContractWorkflowCoordinationRules.prefault({}),
});

/** A workflow definition. @category Contracts */
export type ModelContractWorkflowCoordinationDefinition = z.infer<typeof ModelContractWorkflowCoordinationDefinition>;

/**
 * The `workflow_coordination` section of an orchestrator contract.
 *
 * @category Contracts
 */
export const ModelContractWorkflowCoordination = z.object({
  /** The workflow. */
  workflow_definition: ModelContractWorkflowCoordinationDefinition,
});

/** The parsed `workflow_coordination` section (defaults applied). @category Contracts */
export type ModelContractWorkflowCoordination = z.infer<typeof ModelContractWorkflowCoordination>;

/** The `workflow_coordination` section as written (defaulted fields optional). @category Contracts */
export type ModelContractWorkflowCoordinationInput = z.input<typeof ModelContractWorkflowCoordination>;
