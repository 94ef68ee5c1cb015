import type { ModelEffectInput, ModelEffectOutput } from "@onex/core";

/**
 * An EFFECT node: runs external I/O (database, discovery, secrets, cache, HTTP) through its contract's retry policy, timeout and circuit breaker, and may emit events.
 *
 * @typeParam TInput - the node's input model (core's `ModelEffectInput` or a refinement of it).
 * @typeParam TOutput - the node's output model (core's `ModelEffectOutput` or a refinement of it).
 * @category Protocols
 */
export interface ProtocolEffectNode<TInput extends ModelEffectInput = ModelEffectInput, TOutput extends ModelEffectOutput = ModelEffectOutput> {
  /** Processes one input. Rejects with a `ModelOnexError` carrying the input's correlation id. */
  process(input: TInput): Promise<TOutput>;
}
