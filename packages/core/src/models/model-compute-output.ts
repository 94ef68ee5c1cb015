import { z } from "zod";

/**
 * Output of `NodeCompute.process`.
 *
 * @category Models
 */
export const ModelComputeOutput = z.object({
  /** The computation that ran. */
  computation: z.string().min(1),
  /** Its result (optional so a JSON round trip of an `undefined` result still parses). */
  result: z.unknown().optional(),
  /** Whether the result came from the cache. */
  cache_hit: z.boolean(),
  /** Time taken, in milliseconds (measured by the caller's clock, outside the pure computation). */
  processing_time_ms: z.number().min(0),
  /** Correlation id of the request. */
  correlation_id: z.string().min(1),
});

/** Output of a compute node. @category Models */
export type ModelComputeOutput = z.infer<typeof ModelComputeOutput>;
