import { z } from "zod";

/**
 * Input of `NodeOrchestrator.process`: one run of the contract's workflow.
 *
 * @category Models
 */
export const ModelOrchestratorInput = z.object({
  /** Id of this run; generated when absent. */
  workflow_id: z.string().min(1).optional(),
  /** Data handed to every step. */
  payload: z.record(z.string(), z.unknown()).default({}),
  /** Correlation id to propagate; generated when absent. */
  correlation_id: z.string().min(1).optional(),
});

/** Input of an orchestrator node. @category Models */
export type ModelOrchestratorInput = z.infer<typeof ModelOrchestratorInput>;
