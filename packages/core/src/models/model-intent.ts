import { z } from "zod";

/**
 * Something a reducer asks the outside world to do (reducers do no I/O themselves): the runtime turns each intent
 * into a message for `target`.
 *
 * @category Models
 */
export const ModelIntent = z.object({
  /** Kind of intent (`register_node`, `persist_projection`). */
  intent_type: z.string().min(1),
  /** Who should act on it (a node, topic or operation). */
  target: z.string().min(1),
  /** Data for the target. */
  payload: z.record(z.string(), z.unknown()),
  /** Correlation id of the request that produced it. */
  correlation_id: z.string().min(1).optional(),
});

/** A reducer intent. @category Models */
export type ModelIntent = z.infer<typeof ModelIntent>;
