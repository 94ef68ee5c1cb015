import { z } from "zod";

/**
 * How an orchestrator runs the steps of a workflow.
 *
 * @category Enums
 */
export const EnumExecutionMode = {
  SEQUENTIAL: "sequential",
  PARALLEL: "parallel",
  CONDITIONAL: "conditional",
  BATCH: "batch",
  STREAMING: "streaming",
} as const;

/** A execution mode value. @category Enums */
export type EnumExecutionMode = (typeof EnumExecutionMode)[keyof typeof EnumExecutionMode];

/** zod schema accepting exactly the execution mode values. @category Enums */
export const EnumExecutionModeSchema = z.enum(EnumExecutionMode);
