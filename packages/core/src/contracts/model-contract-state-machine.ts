/**
 * The `state_machine` section of a reducer contract (ARCHITECTURE §4): states, transitions with condition
 * expressions and actions, terminal states. Structural validation only; integrity (unknown or unreachable states,
 * bad conditions) is checked by `analyzeStateMachine` in `util-fsm-integrity.ts`.
 * @module
 */
import { z } from "zod";

/**
 * A guard on a transition, written in the closed condition language (`util-condition-expression.ts`).
 * A `required: false` condition is advisory: the reducer records it but does not block the transition.
 *
 * @category Contracts
 */
export const ModelContractStateMachineCondition = z.object({
  /** Condition expression, e.g. `node_id is_present and status equals "ok"`. */
  expression: z.string().min(1),
  /** Whether the transition is refused when the expression is false. */
  required: z.boolean().default(true),
});

/** A transition guard. @category Contracts */
export type ModelContractStateMachineCondition = z.infer<typeof ModelContractStateMachineCondition>;

/**
 * An action run when a transition fires (`action_type` is free-form; the values the reducer knows are in
 * `EnumActionType`: `emit_intent`, `set_data`, `log`, `custom`).
 *
 * @category Contracts
 */
export const ModelContractStateMachineAction = z.object({
  /** Name of the action (e.g. the intent type to emit). */
  action_name: z.string().min(1),
  /** Kind of action; `custom` when absent. */
  action_type: z.string().min(1).default("custom"),
});

/** A transition action. @category Contracts */
export type ModelContractStateMachineAction = z.infer<typeof ModelContractStateMachineAction>;

/**
 * One state of the machine.
 *
 * @category Contracts
 */
export const ModelContractStateMachineState = z.object({
  /** Unique name of the state. */
  state_name: z.string().min(1),
  /** Human description. */
  description: z.string().optional(),
  /** Actions run when the state is entered. */
  entry_actions: z.array(z.string()).default([]),
  /** Actions run when the state is left. */
  exit_actions: z.array(z.string()).default([]),
  /** Dotted data paths that must be present (non-null) to enter the state. */
  required_data: z.array(z.string()).default([]),
  /** Whether the state is final (no outgoing transitions). */
  is_terminal: z.boolean().default(false),
});

/** One FSM state. @category Contracts */
export type ModelContractStateMachineState = z.infer<typeof ModelContractStateMachineState>;

/**
 * A transition from one state to another on a trigger. `from_state: "*"` means "from any non-terminal state".
 *
 * @category Contracts
 */
export const ModelContractStateMachineTransition = z.object({
  /** Source state, or `*` for any non-terminal state. */
  from_state: z.string().min(1),
  /** Target state. */
  to_state: z.string().min(1),
  /** Trigger (event name) that fires the transition. */
  trigger: z.string().min(1),
  /** Guards evaluated against the reducer's data. */
  conditions: z.array(ModelContractStateMachineCondition).default([]),
  /** Actions run when the transition fires. */
  actions: z.array(ModelContractStateMachineAction).default([]),
});

/** One FSM transition. @category Contracts */
export type ModelContractStateMachineTransition = z.infer<typeof ModelContractStateMachineTransition>;

/** The `from_state` value meaning "any non-terminal state". @category Contracts */
export const STATE_MACHINE_ANY_STATE = "*";

/**
 * The `state_machine` section of a reducer contract.
 *
 * @category Contracts
 */
export const ModelContractStateMachine = z.object({
  /** Name of the machine. */
  state_machine_name: z.string().min(1),
  /** State a new instance starts in. */
  initial_state: z.string().min(1),
  /** The states. */
  states: z.array(ModelContractStateMachineState),
  /** The transitions. */
  transitions: z.array(ModelContractStateMachineTransition),
  /** Terminal states, in addition to states flagged `is_terminal`. */
  terminal_states: z.array(z.string()).default([]),
  /** Whether the reducer persists its state (snapshots). */
  persistence_enabled: z.boolean().default(false),
});

/** The parsed `state_machine` section (defaults applied). @category Contracts */
export type ModelContractStateMachine = z.infer<typeof ModelContractStateMachine>;

/** The `state_machine` section as written (defaulted fields optional). @category Contracts */
export type ModelContractStateMachineInput = z.input<typeof ModelContractStateMachine>;
