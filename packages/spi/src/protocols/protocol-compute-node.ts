import type { ModelComputeInput, ModelComputeOutput } from "@onex/core";

/**
 * A COMPUTE node: a pure, deterministic transformation (no clock, no randomness, no I/O) that returns a result only.
 *
 * @typeParam TInput - the node's input model (core's `ModelComputeInput` or a refinement of it).
 * @typeParam TOutput - the node's output model (core's `ModelComputeOutput` or a refinement of it).
 * @category Protocols
 */
export interface ProtocolComputeNode<TInput extends ModelComputeInput = ModelComputeInput, TOutput extends ModelComputeOutput = ModelComputeOutput> {
  /** Processes one input. Rejects with a `ModelOnexError` carrying the input's correlation id. */
  process(input: TInput): Promise<TOutput>;
}
