import { z } from "zod";

/**
 * Lifecycle state of an orchestrator workflow run.
 *
 * @category Enums
 */
export const EnumWorkflowState = {
  PENDING: "pending",
  RUNNING: "running",
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELLED: "cancelled",
  PAUSED: "paused",
} as const;

/** A workflow state value. @category Enums */
export type EnumWorkflowState = (typeof EnumWorkflowState)[keyof typeof EnumWorkflowState];

/** zod schema accepting exactly the workflow state values. @category Enums */
export const EnumWorkflowStateSchema = z.enum(EnumWorkflowState);
