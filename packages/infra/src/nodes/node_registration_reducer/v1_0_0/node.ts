// REDUCER node `node_registration_reducer`: the registration FSM of `contract.yaml`, one node instance at a time.
// The node keeps no per-node state: every call restores the given snapshot, applies the trigger and returns the new
// snapshot, all in one synchronous turn, so concurrent callers never see each other's state.
import {
  EnumCoreErrorCode,
  ModelOnexError,
  NodeReducer,
  parseModel,
  stateMachineTerminalStates,
  type ModelContract,
  type ModelONEXContainer,
  type NodeReducerSnapshot,
} from "@onex/core";
import type { RegistrationReducerPort, RegistrationReducerPortInput } from "../../../registration/registration-ports.js";
import { loadRegistrationContract } from "../../../registration/util-registration-contract.js";
import { ModelRegistrationReducerInput, ModelRegistrationReducerOutput } from "./models/index.js";

/** Options of {@link NodeRegistrationReducer}. */
export interface NodeRegistrationReducerOptions {
  /** Transitions kept in each snapshot's history (it is persisted with every heartbeat); 10 by default. */
  readonly historyLimit?: number | undefined;
}

/** The registration FSM as a pure function of (snapshot, trigger). */
export class NodeRegistrationReducer implements RegistrationReducerPort {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadRegistrationContract(new URL("./contract.yaml", import.meta.url));
  }

  readonly terminalStates: readonly string[];
  readonly #reducer: NodeReducer;

  constructor(container: ModelONEXContainer, options: NodeRegistrationReducerOptions = {}) {
    this.#reducer = new NodeReducer(container, NodeRegistrationReducer.contract(), { historyLimit: options.historyLimit ?? 10 });
    this.terminalStates = [...stateMachineTerminalStates(this.#reducer.stateMachine)].sort();
  }

  /** Name of the state machine (snapshots of another machine are refused). */
  get stateMachineName(): string {
    return this.#reducer.stateMachine.state_machine_name;
  }

  /**
   * A snapshot of a new registration lifecycle (initial state, no data) that continues the sequence at `sequence`,
   * so a node that registers again after deregistration or an interrupted run never writes an older sequence.
   */
  initialSnapshot(sequence = 0): NodeReducerSnapshot {
    return { state_machine_name: this.stateMachineName, state: this.#reducer.stateMachine.initial_state, data: {}, history: [], version: sequence };
  }

  /** Applies `input.trigger` to `input.snapshot` (the initial state when absent); rejects like {@link processSync}. */
  process(input: RegistrationReducerPortInput): Promise<ModelRegistrationReducerOutput> {
    try {
      return Promise.resolve(this.processSync(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : ModelOnexError.fromUnknown(error));
    }
  }

  /**
   * Synchronous form of {@link process}. Throws `INVALID_STATE_TRANSITION` for a trigger the state does not accept
   * (or a required condition that is false) and `VALIDATION_ERROR` for malformed input, missing required data or a
   * snapshot of another machine.
   */
  processSync(input: RegistrationReducerPortInput): ModelRegistrationReducerOutput {
    const parsed = parseModel(ModelRegistrationReducerInput, input, "node_registration_reducer input", input.correlation_id);
    const reducer = this.#reducer;
    if (parsed.snapshot === undefined || parsed.snapshot === null) reducer.reset();
    else reducer.restore(parsed.snapshot);
    const output = reducer.processSync({ trigger: parsed.trigger, data: parsed.data, ...(parsed.correlation_id === undefined ? {} : { correlation_id: parsed.correlation_id }) });
    const result = ModelRegistrationReducerOutput.safeParse({ ...output, sequence: output.version, snapshot: reducer.snapshot() });
    if (!result.success) {
      throw new ModelOnexError(`node_registration_reducer produced an output outside its contract: ${result.error.message}`, {
        errorCode: EnumCoreErrorCode.INTERNAL_ERROR,
        correlationId: output.correlation_id,
        context: { trigger: parsed.trigger, state: output.current_state },
      });
    }
    return result.data;
  }
}
