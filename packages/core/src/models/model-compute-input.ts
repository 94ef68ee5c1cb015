import { z } from "zod";

/**
 * Input of `NodeCompute.process`: which registered computation to run on which data.
 *
 * @category Models
 */
export const ModelComputeInput = z.object({
  /** Name of a computation registered on the node. */
  computation: z.string().min(1),
  /** Data to transform; the key must be present (`null` is a value). */
  data: z.unknown(),
  /** Whether a cached result for the same input may be returned. */
  cache: z.boolean().default(true),
  /** Correlation id to propagate; generated when absent. */
  correlation_id: z.string().min(1).optional(),
});

/** Input of a compute node. @category Models */
export type ModelComputeInput = z.infer<typeof ModelComputeInput>;
