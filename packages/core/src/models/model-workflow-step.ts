import { z } from "zod";

/**
 * One step of an orchestrator workflow graph (contract `execution_graph.nodes[]`, normalised).
 *
 * @category Models
 */
export const ModelWorkflowStep = z.object({
  /** Unique id of the step within its workflow. */
  step_id: z.string().min(1),
  /** Human-readable name. */
  step_name: z.string().min(1).optional(),
  /** Archetype or kind of node the step runs (`EFFECT_GENERIC`). */
  node_type: z.string().min(1).optional(),
  /** Ids of the steps that must complete first. */
  depends_on: z.array(z.string().min(1)).default([]),
  /** Per-attempt timeout in milliseconds. */
  timeout_ms: z.number().int().positive().optional(),
  /** Retries after a failed attempt. */
  max_retries: z.number().int().min(0).default(0),
  /** Whether the workflow goes on when this step fails: independent steps still run; its dependants are skipped. */
  continue_on_error: z.boolean().default(false),
  /** Data handed to the step at run time. */
  payload: z.record(z.string(), z.unknown()).default({}),
  /** Static configuration of the step (contract `step_config`). */
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** A workflow step. @category Models */
export type ModelWorkflowStep = z.infer<typeof ModelWorkflowStep>;
