/**
 * Integrity of a reducer's state machine: every referenced state exists, the initial state exists, every state is
 * reachable, terminal states have no way out, every condition expression parses. Used by the contract linter and
 * by the reducer when it is built from a contract.
 * @module
 */
import { ModelOnexError } from "../errors/model-onex-error.js";
import { STATE_MACHINE_ANY_STATE, type ModelContractStateMachine } from "./model-contract-state-machine.js";
import { parseConditionExpression } from "./util-condition-expression.js";

/** What is wrong with a state machine. @category Contracts */
export type StateMachineIssueKind =
  | "missing_initial_state"
  | "unknown_state"
  | "unreachable_state"
  | "duplicate_state"
  | "terminal_with_outgoing"
  | "no_terminal_state"
  | "bad_condition";

/**
 * One state-machine problem. `path` is relative to the `state_machine` section, e.g. `["transitions", 3, "to_state"]`.
 *
 * @category Contracts
 */
export interface StateMachineIssue {
  /** What is wrong. */
  readonly kind: StateMachineIssueKind;
  /** Where, relative to the `state_machine` section. */
  readonly path: (string | number)[];
  /** Human-readable explanation. */
  readonly message: string;
  /** `error` makes the contract invalid; `warning` is reported only. */
  readonly severity: "error" | "warning";
  /** For `bad_condition`: 1-based column inside the expression where parsing failed. */
  readonly column?: number;
}

/**
 * Result of {@link analyzeStateMachine}.
 *
 * @category Contracts
 */
export interface StateMachineAnalysis {
  /** Problems found, in section order; empty for a sound machine. */
  readonly issues: StateMachineIssue[];
}

/**
 * Names of the terminal states: those flagged `is_terminal` plus those listed in `terminal_states`.
 *
 * @category Contracts
 */
export function stateMachineTerminalStates(sm: ModelContractStateMachine): Set<string> {
  return new Set([...sm.states.filter((s) => s.is_terminal).map((s) => s.state_name), ...sm.terminal_states]);
}

/**
 * Checks a parsed state machine. Errors: missing initial state, unknown state in a transition or in
 * `terminal_states`, duplicate state name, unreachable state, outgoing transition from a terminal state, condition
 * expression that does not parse. Warning: no terminal state at all.
 *
 * Reachability follows transitions from `initial_state`; a `from_state: "*"` transition leaves every reached
 * non-terminal state.
 *
 * @category Contracts
 */
export function analyzeStateMachine(sm: ModelContractStateMachine): StateMachineAnalysis {
  const issues: StateMachineIssue[] = [];
  const error = (kind: StateMachineIssueKind, path: (string | number)[], message: string): void => {
    issues.push({ kind, path, message, severity: "error" });
  };

  const known = new Set<string>();
  sm.states.forEach((state, i) => {
    if (known.has(state.state_name)) error("duplicate_state", ["states", i, "state_name"], `state "${state.state_name}" is declared more than once`);
    known.add(state.state_name);
  });
  const listKnown = [...known].join(", ") || "none";

  if (!known.has(sm.initial_state)) {
    error("missing_initial_state", ["initial_state"], `initial state "${sm.initial_state}" is not one of the declared states (${listKnown})`);
  }
  sm.terminal_states.forEach((name, i) => {
    if (!known.has(name)) error("unknown_state", ["terminal_states", i], `terminal state "${name}" is not a declared state (${listKnown})`);
  });

  const terminal = stateMachineTerminalStates(sm);
  sm.transitions.forEach((transition, i) => {
    const { from_state: from, to_state: to } = transition;
    if (from !== STATE_MACHINE_ANY_STATE && !known.has(from)) {
      error("unknown_state", ["transitions", i, "from_state"], `transition "${transition.trigger}" starts from unknown state "${from}" (declared: ${listKnown})`);
    } else if (terminal.has(from)) {
      error("terminal_with_outgoing", ["transitions", i, "from_state"], `terminal state "${from}" has an outgoing transition "${transition.trigger}"`);
    }
    if (!known.has(to)) {
      error("unknown_state", ["transitions", i, "to_state"], `transition "${transition.trigger}" goes to unknown state "${to}" (declared: ${listKnown})`);
    }
    transition.conditions.forEach((condition, j) => {
      try {
        parseConditionExpression(condition.expression);
      } catch (thrown) {
        const message = thrown instanceof ModelOnexError ? thrown.message : String(thrown);
        const column = thrown instanceof ModelOnexError ? thrown.context["column"] : undefined;
        const path = ["transitions", i, "conditions", j, "expression"];
        issues.push(typeof column === "number" ? { kind: "bad_condition", path, message, severity: "error", column } : { kind: "bad_condition", path, message, severity: "error" });
      }
    });
  });

  if (known.has(sm.initial_state)) {
    const reached = reachableStates(sm, terminal);
    const reported = new Set<string>();
    sm.states.forEach((state, i) => {
      if (reached.has(state.state_name) || reported.has(state.state_name)) return;
      reported.add(state.state_name);
      error("unreachable_state", ["states", i, "state_name"], `state "${state.state_name}" cannot be reached from initial state "${sm.initial_state}"`);
    });
  }

  if (terminal.size === 0) {
    issues.push({
      kind: "no_terminal_state",
      path: ["terminal_states"],
      message: "the state machine has no terminal state (set is_terminal on a state or list it in terminal_states)",
      severity: "warning",
    });
  }
  return { issues };
}

function reachableStates(sm: ModelContractStateMachine, terminal: ReadonlySet<string>): Set<string> {
  const reached = new Set([sm.initial_state]);
  const queue = [sm.initial_state];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const transition of sm.transitions) {
      const leaves = transition.from_state === state || (transition.from_state === STATE_MACHINE_ANY_STATE && !terminal.has(state));
      if (leaves && !reached.has(transition.to_state)) {
        reached.add(transition.to_state);
        queue.push(transition.to_state);
      }
    }
  }
  return reached;
}
