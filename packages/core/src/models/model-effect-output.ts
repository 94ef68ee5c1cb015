import { z } from "zod";
import { ModelOnexErrorJson } from "../errors/model-onex-error.js";

/**
 * Output of `NodeEffect.process`: the handler's result plus how it was obtained.
 *
 * @category Models
 */
export const ModelEffectOutput = z.object({
  /** The operation that ran. */
  operation: z.string().min(1),
  /** Handler result; absent on failure (optional so a JSON round trip of `undefined` still parses). */
  result: z.unknown().optional(),
  /** Whether the operation succeeded. */
  success: z.boolean(),
  /** Retries performed (0 when the first attempt settled it). */
  retry_count: z.number().int().min(0),
  /** Wall time of all attempts, in milliseconds. */
  processing_time_ms: z.number().min(0),
  /** Correlation id of the request. */
  correlation_id: z.string().min(1),
  /** Whether a transaction was rolled back. */
  rolled_back: z.boolean().optional(),
  /** The error, when `success` is false. */
  error: ModelOnexErrorJson.optional(),
});

/** Output of an effect node. @category Models */
export type ModelEffectOutput = z.infer<typeof ModelEffectOutput>;
