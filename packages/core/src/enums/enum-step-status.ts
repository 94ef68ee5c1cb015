import { z } from "zod";

/**
 * Outcome of one workflow step.
 *
 * @category Enums
 */
export const EnumStepStatus = {
  PENDING: "pending",
  RUNNING: "running",
  COMPLETED: "completed",
  FAILED: "failed",
  SKIPPED: "skipped",
  TIMED_OUT: "timed_out",
} as const;

/** A step status value. @category Enums */
export type EnumStepStatus = (typeof EnumStepStatus)[keyof typeof EnumStepStatus];

/** zod schema accepting exactly the step status values. @category Enums */
export const EnumStepStatusSchema = z.enum(EnumStepStatus);
