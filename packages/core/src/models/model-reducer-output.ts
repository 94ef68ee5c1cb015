import { z } from "zod";
import { ModelIntent } from "./model-intent.js";

/**
 * Output of `NodeReducer.process`: the transition taken, the resulting data and the intents to carry out.
 *
 * @category Models
 */
export const ModelReducerOutput = z.object({
  /** State before the trigger. */
  previous_state: z.string().min(1),
  /** State after the trigger. */
  current_state: z.string().min(1),
  /** The trigger applied. */
  trigger: z.string().min(1),
  /** Intents emitted by the transition's and states' actions. */
  intents: z.array(ModelIntent),
  /** Whether `current_state` is terminal. */
  is_terminal: z.boolean(),
  /** Reducer data after the trigger. */
  data: z.record(z.string(), z.unknown()),
  /** Correlation id of the request. */
  correlation_id: z.string().min(1),
});

/** Output of a reducer node. @category Models */
export type ModelReducerOutput = z.infer<typeof ModelReducerOutput>;
