import { z } from "zod";

/**
 * Input of `NodeReducer.process`: a trigger of the contract's state machine plus the data it carries.
 *
 * @category Models
 */
export const ModelReducerInput = z.object({
  /** Transition trigger (`registration_requested`). */
  trigger: z.string().min(1),
  /** Data merged into the reducer's data and checked by conditions and `required_data`. */
  data: z.record(z.string(), z.unknown()).default({}),
  /** Correlation id to propagate; generated when absent. */
  correlation_id: z.string().min(1).optional(),
});

/** Input of a reducer node. @category Models */
export type ModelReducerInput = z.infer<typeof ModelReducerInput>;
