/**
 * The REDUCER archetype: a finite-state machine declared in the contract's `state_machine`, driven by triggers,
 * that accumulates data and emits intents. No I/O and no clock (ARCHITECTURE §1, §5).
 * @module
 */
import { z } from "zod";
import type { ModelONEXContainer } from "../container/model-onex-container.js";
import type { ModelContract } from "../contracts/model-contract.js";
import {
  ModelContractStateMachine,
  STATE_MACHINE_ANY_STATE,
  type ModelContractStateMachineInput,
  type ModelContractStateMachineState,
  type ModelContractStateMachineTransition,
} from "../contracts/model-contract-state-machine.js";
import { evaluateConditionExpression, parseConditionExpression, type ConditionExpression } from "../contracts/util-condition-expression.js";
import { analyzeStateMachine, stateMachineTerminalStates } from "../contracts/util-fsm-integrity.js";
import { EnumConflictResolution } from "../enums/enum-conflict-resolution.js";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import type { ModelIntent } from "../models/model-intent.js";
import { ModelReducerInput } from "../models/model-reducer-input.js";
import type { ModelReducerOutput } from "../models/model-reducer-output.js";
import { parseModel } from "../util/util-parse-model.js";
import { NodeReducerSnapshot, type NodeReducerSnapshotHistoryEntry } from "./node-reducer-snapshot.js";
import { mergeRecords, type ConflictResolver } from "./util-reduction.js";
import { correlationIdHint } from "./util-node-input.js";

/** Where an action comes from: the old state's exit, the transition, or the new state's entry. @category Nodes */
export type NodeReducerActionPhase = "exit" | "transition" | "entry";

/** Options of {@link NodeReducer}. @category Nodes */
export interface NodeReducerOptions {
  /** How input data is merged into accumulated data; `last_wins` by default. */
  readonly conflictResolution?: EnumConflictResolution;
  /** Resolver for `custom` conflict resolution. */
  readonly resolver?: ConflictResolver;
  /** Transitions kept in the history; 100 by default. */
  readonly historyLimit?: number;
  /**
   * Target of the intent emitted for an action. By default: `intent_emission.targets[action]`, else
   * `intent_emission.default_target`, else the contract's `name` (the state machine's name without a contract).
   */
  readonly intentTarget?: (actionName: string, phase: NodeReducerActionPhase) => string;
}

/** Output of {@link NodeReducer.process}: the model plus the advisory failures and the new version. @category Nodes */
export interface NodeReducerOutput extends ModelReducerOutput {
  /** Non-required conditions that were false; the transition went ahead anyway. */
  readonly advisory_failures: string[];
  /** Transitions applied so far, this one included. */
  readonly version: number;
}

interface CompiledCondition {
  readonly text: string;
  readonly ast: ConditionExpression;
  readonly required: boolean;
}

interface CompiledTransition {
  readonly transition: ModelContractStateMachineTransition;
  readonly conditions: readonly CompiledCondition[];
}

type Evaluation =
  | { readonly ok: true; readonly compiled: CompiledTransition; readonly advisory: string[] }
  | { readonly ok: false; readonly error: ModelOnexError };

const IntentEmission = z.looseObject({
  default_target: z.string().min(1).optional(),
  targets: z.record(z.string(), z.string().min(1)).optional(),
});

const DEFAULT_HISTORY_LIMIT = 100;

function readPath(data: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function cloneData(data: Readonly<Record<string, unknown>>, where: string, correlationId?: string): Record<string, unknown> {
  try {
    return structuredClone(data);
  } catch (error) {
    throw new ModelOnexError(`${where}: reducer data must be plain data (structured-cloneable)`, {
      errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
      correlationId,
      cause: error,
    });
  }
}

/**
 * REDUCER node driven by the contract's `state_machine`.
 *
 * `process({trigger, data})` picks the transition for (current state, trigger), an exact `from_state` before a
 * `"*"` one (any non-terminal state); several transitions may share a trigger, the first whose checks pass
 * wins. Checks, against the accumulated data merged with the input data: the target state's `required_data`
 * (dotted paths, present and not null), then the transition's conditions (a `required` one must hold; a
 * non-required one that is false is recorded in `advisory_failures` and the history). Then the actions run as
 * intents, in order: the old state's exit actions, the transition's actions, the new state's entry actions
 * (a self-transition runs only its own actions). A refused trigger leaves the reducer unchanged.
 *
 * Errors (`ModelOnexError`): `INVALID_STATE_TRANSITION` for a trigger not allowed in the current state (naming
 * the state, the trigger and the allowed triggers), for any trigger in a terminal state, and for a required
 * condition that is false (naming it); `VALIDATION_ERROR` for missing required data (naming the fields).
 *
 * @category Nodes
 */
export class NodeReducer {
  /** The container the node was built with. */
  readonly container: ModelONEXContainer;
  /** The contract, when the node was built from a whole contract. */
  readonly contract: ModelContract | undefined;
  /** The parsed state machine. */
  readonly stateMachine: ModelContractStateMachine;
  readonly #states = new Map<string, ModelContractStateMachineState>();
  readonly #terminal: ReadonlySet<string>;
  readonly #transitions: readonly CompiledTransition[];
  readonly #options: NodeReducerOptions;
  readonly #historyLimit: number;
  readonly #emission: z.infer<typeof IntentEmission>;
  #state: string;
  #data: Record<string, unknown> = {};
  #history: NodeReducerSnapshotHistoryEntry[] = [];
  #version = 0;

  /**
   * @param contract a whole contract (its `state_machine` is used) or just a `state_machine` section.
   * @throws ModelOnexError `CONTRACT_VALIDATION_ERROR` when the machine is missing, malformed or unsound
   * (unknown/unreachable states, bad condition expressions...).
   */
  constructor(container: ModelONEXContainer, contract: ModelContract | ModelContractStateMachineInput, options: NodeReducerOptions = {}) {
    this.container = container;
    this.#options = options;
    this.#historyLimit = Math.max(0, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    const full = "node_type" in contract ? contract : undefined;
    this.contract = full;
    const section: unknown = full === undefined ? contract : full.state_machine;
    const where = full === undefined ? "state_machine" : `state_machine of contract "${full.name}"`;
    if (section === undefined) {
      throw new ModelOnexError(`${where}: a reducer needs a state_machine section`, { errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR });
    }
    const machine = parseModel(ModelContractStateMachine, section, where);
    const problems = analyzeStateMachine(machine).issues.filter((issue) => issue.severity === "error");
    if (problems.length > 0) {
      throw new ModelOnexError(`${where} is unsound: ${problems.map((issue) => issue.message).join("; ")}`, {
        errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR,
        context: { issues: problems.map((issue) => ({ kind: issue.kind, path: issue.path, message: issue.message })) },
      });
    }
    const emission = IntentEmission.safeParse(full?.intent_emission ?? {});
    if (!emission.success) {
      throw new ModelOnexError(`${where}: intent_emission needs string 'default_target' and 'targets' values`, { errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR });
    }
    this.#emission = emission.data;
    this.stateMachine = machine;
    for (const state of machine.states) this.#states.set(state.state_name, state);
    this.#terminal = stateMachineTerminalStates(machine);
    this.#transitions = machine.transitions.map((transition) => ({
      transition,
      conditions: transition.conditions.map((condition) => ({
        text: condition.expression,
        ast: parseConditionExpression(condition.expression),
        required: condition.required,
      })),
    }));
    this.#state = machine.initial_state;
  }

  /** Name used in messages: the contract's `name`, else the state machine's name. */
  get name(): string {
    return this.contract?.name ?? this.stateMachine.state_machine_name;
  }

  /** Current state. */
  get state(): string {
    return this.#state;
  }

  /** A copy of the accumulated data. */
  get data(): Record<string, unknown> {
    return cloneData(this.#data, this.name);
  }

  /** Transitions applied so far. */
  get version(): number {
    return this.#version;
  }

  /** Recent transitions, oldest first (a copy). */
  get history(): NodeReducerSnapshotHistoryEntry[] {
    return this.#history.map((entry) => ({ ...entry, advisory_failures: [...entry.advisory_failures] }));
  }

  /** Whether the current state is terminal. */
  get isTerminal(): boolean {
    return this.#terminal.has(this.#state);
  }

  /** Triggers accepted in `state` (the current one by default), sorted; none in a terminal state. */
  allowedTriggers(state: string = this.#state): string[] {
    if (this.#terminal.has(state)) return [];
    const triggers = new Set<string>();
    for (const { transition } of this.#transitions) {
      if (transition.from_state === state || transition.from_state === STATE_MACHINE_ANY_STATE) triggers.add(transition.trigger);
    }
    return [...triggers].sort();
  }

  /** Applies a trigger; see the class description. Resolves with the output or rejects with the refusal. */
  process(input: z.input<typeof ModelReducerInput>): Promise<NodeReducerOutput> {
    try {
      return Promise.resolve(this.processSync(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : ModelOnexError.fromUnknown(error));
    }
  }

  /** Synchronous form of {@link NodeReducer.process}: the whole transition happens in one turn of the event loop. */
  processSync(input: z.input<typeof ModelReducerInput>): NodeReducerOutput {
    const parsed = parseModel(ModelReducerInput, input, `${this.name} ModelReducerInput`, correlationIdHint(input));
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const from = this.#state;
    const trigger = parsed.trigger;
    const context = { reducer: this.name, state: from, trigger };
    if (this.#terminal.has(from)) {
      throw new ModelOnexError(`${this.name}: state "${from}" is terminal and accepts no triggers (got "${trigger}")`, {
        errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION,
        correlationId,
        context: { ...context, allowedTriggers: [] },
      });
    }
    const candidates = [
      ...this.#transitions.filter(({ transition }) => transition.trigger === trigger && transition.from_state === from),
      ...this.#transitions.filter(({ transition }) => transition.trigger === trigger && transition.from_state === STATE_MACHINE_ANY_STATE),
    ];
    if (candidates.length === 0) {
      const allowed = this.allowedTriggers(from);
      throw new ModelOnexError(`${this.name}: trigger "${trigger}" is not allowed in state "${from}"; allowed triggers: ${allowed.join(", ") || "none"}`, {
        errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION,
        correlationId,
        context: { ...context, allowedTriggers: allowed },
      });
    }
    const merged = mergeRecords(this.#data, cloneData(parsed.data, this.name, correlationId), this.#options.conflictResolution ?? EnumConflictResolution.LAST_WINS, {
      resolver: this.#options.resolver,
      correlationId,
    });
    let chosen: Extract<Evaluation, { ok: true }> | undefined;
    let firstRefusal: ModelOnexError | undefined;
    for (const candidate of candidates) {
      const evaluation = this.#evaluate(candidate, merged, from, trigger, correlationId);
      if (evaluation.ok) {
        chosen = evaluation;
        break;
      }
      firstRefusal ??= evaluation.error;
    }
    if (chosen === undefined) throw firstRefusal ?? new ModelOnexError(`${this.name}: no transition taken`, { correlationId });

    const to = chosen.compiled.transition.to_state;
    const intents = this.#intents(chosen.compiled.transition, from, to, merged, correlationId);
    this.#state = to;
    this.#data = merged;
    this.#version += 1;
    const entry: NodeReducerSnapshotHistoryEntry = {
      sequence: this.#version,
      from_state: from,
      to_state: to,
      trigger,
      correlation_id: correlationId,
      advisory_failures: chosen.advisory,
    };
    this.#history.push(entry);
    if (this.#history.length > this.#historyLimit) this.#history.splice(0, this.#history.length - this.#historyLimit);
    return {
      previous_state: from,
      current_state: to,
      trigger,
      intents,
      is_terminal: this.#terminal.has(to),
      data: cloneData(merged, this.name, correlationId),
      correlation_id: correlationId,
      advisory_failures: [...chosen.advisory],
      version: this.#version,
    };
  }

  /** A serialisable copy of the reducer's state. */
  snapshot(): NodeReducerSnapshot {
    return {
      state_machine_name: this.stateMachine.state_machine_name,
      state: this.#state,
      data: cloneData(this.#data, this.name),
      history: this.history,
      version: this.#version,
    };
  }

  /**
   * Replaces the reducer's state with a snapshot (validated: shape, same state machine, known state).
   *
   * @throws ModelOnexError `VALIDATION_ERROR` for a malformed snapshot or one from another machine or state set.
   */
  restore(snapshot: unknown): void {
    const parsed = parseModel(NodeReducerSnapshot, snapshot, `${this.name} snapshot`);
    if (parsed.state_machine_name !== this.stateMachine.state_machine_name) {
      throw new ModelOnexError(`${this.name}: snapshot belongs to state machine "${parsed.state_machine_name}", not "${this.stateMachine.state_machine_name}"`, {
        errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
        context: { expected: this.stateMachine.state_machine_name, got: parsed.state_machine_name },
      });
    }
    if (!this.#states.has(parsed.state)) {
      throw new ModelOnexError(`${this.name}: snapshot state "${parsed.state}" is not a state of "${this.stateMachine.state_machine_name}"`, {
        errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
        context: { state: parsed.state, known: [...this.#states.keys()] },
      });
    }
    this.#state = parsed.state;
    this.#data = cloneData(parsed.data, this.name);
    this.#history = this.#historyLimit === 0 ? [] : parsed.history.slice(-this.#historyLimit);
    this.#version = parsed.version;
  }

  /** Back to the initial state with no data, no history and version 0. */
  reset(): void {
    this.#state = this.stateMachine.initial_state;
    this.#data = {};
    this.#history = [];
    this.#version = 0;
  }

  #evaluate(compiled: CompiledTransition, data: Readonly<Record<string, unknown>>, from: string, trigger: string, correlationId: string): Evaluation {
    const to = compiled.transition.to_state;
    const context = { reducer: this.name, state: from, trigger, toState: to };
    const required = this.#states.get(to)?.required_data ?? [];
    const missing = required.filter((path) => {
      const value = readPath(data, path);
      return value === undefined || value === null;
    });
    if (missing.length > 0) {
      const names = missing.map((field) => `"${field}"`).join(", ");
      return {
        ok: false,
        error: new ModelOnexError(`${this.name}: cannot enter state "${to}" from "${from}" on "${trigger}": missing required data ${names}`, {
          errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
          correlationId,
          context: { ...context, missingFields: missing },
        }),
      };
    }
    const advisory: string[] = [];
    for (const condition of compiled.conditions) {
      if (evaluateConditionExpression(condition.ast, data)) continue;
      if (!condition.required) {
        advisory.push(condition.text);
        continue;
      }
      return {
        ok: false,
        error: new ModelOnexError(`${this.name}: transition "${from}" -> "${to}" on "${trigger}" refused: condition "${condition.text}" is false`, {
          errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION,
          correlationId,
          context: { ...context, condition: condition.text },
        }),
      };
    }
    return { ok: true, compiled, advisory };
  }

  #intents(transition: ModelContractStateMachineTransition, from: string, to: string, data: Record<string, unknown>, correlationId: string): ModelIntent[] {
    const selfLoop = from === to;
    const planned: { name: string; phase: NodeReducerActionPhase; actionType: string | undefined }[] = [
      ...(selfLoop ? [] : (this.#states.get(from)?.exit_actions ?? []).map((name) => ({ name, phase: "exit" as const, actionType: undefined }))),
      ...transition.actions.map((action) => ({ name: action.action_name, phase: "transition" as const, actionType: action.action_type })),
      ...(selfLoop ? [] : (this.#states.get(to)?.entry_actions ?? []).map((name) => ({ name, phase: "entry" as const, actionType: undefined }))),
    ];
    if (planned.length === 0) return [];
    const shared = cloneData(data, this.name, correlationId);
    return planned.map(({ name, phase, actionType }) => ({
      intent_type: name,
      target: this.#target(name, phase),
      payload: {
        action_name: name,
        ...(actionType === undefined ? {} : { action_type: actionType }),
        phase,
        from_state: from,
        to_state: to,
        trigger: transition.trigger,
        data: shared,
      },
      correlation_id: correlationId,
    }));
  }

  #target(actionName: string, phase: NodeReducerActionPhase): string {
    return this.#options.intentTarget?.(actionName, phase) ?? this.#emission.targets?.[actionName] ?? this.#emission.default_target ?? this.name;
  }
}
