import type { ModelReducerInput, ModelReducerOutput } from "@onex/core";

/**
 * A REDUCER node: applies a trigger to the finite-state machine declared in its contract and returns the new state with intents; no I/O, no clock.
 *
 * @typeParam TInput - the node's input model (core's `ModelReducerInput` or a refinement of it).
 * @typeParam TOutput - the node's output model (core's `ModelReducerOutput` or a refinement of it).
 * @category Protocols
 */
export interface ProtocolReducerNode<TInput extends ModelReducerInput = ModelReducerInput, TOutput extends ModelReducerOutput = ModelReducerOutput> {
  /** Processes one input. Rejects with a `ModelOnexError` carrying the input's correlation id. */
  process(input: TInput): Promise<TOutput>;
}
