import { z } from "zod";
import { EnumCoreErrorCodeSchema } from "../enums/enum-core-error-code.js";
import { EnumStepStatusSchema } from "../enums/enum-step-status.js";
import { EnumWorkflowStateSchema } from "../enums/enum-workflow-state.js";

/**
 * What happened to one step of a workflow run.
 *
 * @category Models
 */
export const ModelOrchestratorOutputStepResult = z.object({
  /** Final status of the step. */
  status: EnumStepStatusSchema,
  /** Attempts made (0 for a skipped step). */
  attempts: z.number().int().min(0),
  /** Time spent on all attempts, in milliseconds. */
  duration_ms: z.number().min(0),
  /** Step output, when it completed. */
  output: z.unknown().optional(),
  /** Last error, when it failed or timed out. */
  error: z.object({ message: z.string(), errorCode: EnumCoreErrorCodeSchema }).optional(),
});

/** Result of one workflow step. @category Models */
export type ModelOrchestratorOutputStepResult = z.infer<typeof ModelOrchestratorOutputStepResult>;

/**
 * Output of `NodeOrchestrator.process`: the final state of the run and what happened to each step.
 *
 * @category Models
 */
export const ModelOrchestratorOutput = z.object({
  /** Id of the run. */
  workflow_id: z.string().min(1),
  /** Final workflow state. */
  state: EnumWorkflowStateSchema,
  /** Ids of completed steps, in completion order. */
  completed_steps: z.array(z.string()),
  /** Ids of failed (or timed-out) steps. */
  failed_steps: z.array(z.string()),
  /** Ids of steps not run because a dependency failed or the run stopped. */
  skipped_steps: z.array(z.string()),
  /** Result per step id. */
  step_results: z.record(z.string(), ModelOrchestratorOutputStepResult),
  /** Planned execution order (a topological order of the graph). */
  execution_order: z.array(z.string()),
  /** Wall time of the whole run, in milliseconds. */
  total_duration_ms: z.number().min(0),
  /** Correlation id of the request. */
  correlation_id: z.string().min(1),
});

/** Output of an orchestrator node. @category Models */
export type ModelOrchestratorOutput = z.infer<typeof ModelOrchestratorOutput>;
