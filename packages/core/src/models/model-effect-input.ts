import { z } from "zod";

/**
 * Input of `NodeEffect.process`: the operation to run and its payload.
 *
 * @category Models
 */
export const ModelEffectInput = z.object({
  /** Operation name (`db.query`, `register_node`); routed through the contract's `handler_routing`. */
  operation: z.string().min(1),
  /** Operation arguments. */
  payload: z.record(z.string(), z.unknown()),
  /** Correlation id to propagate; generated when absent. */
  correlation_id: z.string().min(1).optional(),
  /** Per-attempt timeout overriding the contract's. */
  timeout_ms: z.number().int().positive().optional(),
  /** String metadata passed to the handler. */
  metadata: z.record(z.string(), z.string()).optional(),
});

/** Input of an effect node. @category Models */
export type ModelEffectInput = z.infer<typeof ModelEffectInput>;
