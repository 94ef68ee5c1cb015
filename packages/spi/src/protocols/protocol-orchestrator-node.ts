import type { ModelOrchestratorInput, ModelOrchestratorOutput } from "@onex/core";

/**
 * An ORCHESTRATOR node: coordinates a workflow, running the steps of its dependency graph sequentially or in parallel and reporting completed, failed and skipped steps.
 *
 * @typeParam TInput - the node's input model (core's `ModelOrchestratorInput` or a refinement of it).
 * @typeParam TOutput - the node's output model (core's `ModelOrchestratorOutput` or a refinement of it).
 * @category Protocols
 */
export interface ProtocolOrchestratorNode<TInput extends ModelOrchestratorInput = ModelOrchestratorInput, TOutput extends ModelOrchestratorOutput = ModelOrchestratorOutput> {
  /** Processes one input. Rejects with a `ModelOnexError` carrying the input's correlation id. */
  process(input: TInput): Promise<TOutput>;
}
