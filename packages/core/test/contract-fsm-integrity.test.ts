import { describe, expect, it } from "vitest";
import { ModelContractStateMachine, type ModelContractStateMachineInput } from "../src/contracts/model-contract-state-machine.js";
import { analyzeStateMachine, stateMachineTerminalStates } from "../src/contracts/util-fsm-integrity.js";

const machine = (input: Partial<ModelContractStateMachineInput>): ModelContractStateMachine =>
  ModelContractStateMachine.parse({
    state_machine_name: "m",
    initial_state: "pending",
    states: [{ state_name: "pending" }, { state_name: "active" }, { state_name: "done", is_terminal: true }],
    transitions: [
      { from_state: "pending", to_state: "active", trigger: "start" },
      { from_state: "active", to_state: "done", trigger: "finish" },
    ],
    ...input,
  });

describe("analyzeStateMachine", () => {
  it("accepts a sound machine and applies section defaults", () => {
    const sm = machine({});
    expect(analyzeStateMachine(sm).issues).toEqual([]);
    expect(sm.states[0]).toEqual({ state_name: "pending", entry_actions: [], exit_actions: [], required_data: [], is_terminal: false });
    expect(sm.transitions[0]).toMatchObject({ conditions: [], actions: [] });
    expect(sm.terminal_states).toEqual([]);
    expect(sm.persistence_enabled).toBe(false);
  });

  it("treats is_terminal states and terminal_states as terminal", () => {
    expect([...stateMachineTerminalStates(machine({ terminal_states: ["active"] }))].sort()).toEqual(["active", "done"]);
  });

  it("follows wildcard transitions from every reached non-terminal state", () => {
    const sm = machine({
      states: [{ state_name: "pending" }, { state_name: "failed", is_terminal: true }],
      transitions: [{ from_state: "*", to_state: "failed", trigger: "fail" }],
    });
    expect(analyzeStateMachine(sm).issues).toEqual([]);
  });

  it("reports a missing initial state", () => {
    expect(analyzeStateMachine(machine({ initial_state: "nope" })).issues).toMatchObject([{ kind: "missing_initial_state", path: ["initial_state"], severity: "error" }]);
  });

  it("reports unknown states in transitions and terminal_states", () => {
    const sm = machine({
      transitions: [
        { from_state: "pending", to_state: "active", trigger: "start" },
        { from_state: "activ", to_state: "done", trigger: "finish" },
        { from_state: "active", to_state: "don", trigger: "finish" },
      ],
      terminal_states: ["gone"],
    });
    expect(analyzeStateMachine(sm).issues.map((i) => [i.kind, i.path])).toEqual([
      ["unknown_state", ["terminal_states", 0]],
      ["unknown_state", ["transitions", 1, "from_state"]],
      ["unknown_state", ["transitions", 2, "to_state"]],
      ["unreachable_state", ["states", 2, "state_name"]],
    ]);
  });

  it("reports duplicate and unreachable states", () => {
    const sm = machine({ states: [{ state_name: "pending" }, { state_name: "active" }, { state_name: "pending" }, { state_name: "done", is_terminal: true }, { state_name: "island" }] });
    expect(analyzeStateMachine(sm).issues.map((i) => [i.kind, i.path])).toEqual([
      ["duplicate_state", ["states", 2, "state_name"]],
      ["unreachable_state", ["states", 4, "state_name"]],
    ]);
  });

  it("reports an outgoing transition from a terminal state", () => {
    const sm = machine({ transitions: [...machine({}).transitions, { from_state: "done", to_state: "pending", trigger: "reopen" }] });
    expect(analyzeStateMachine(sm).issues).toMatchObject([{ kind: "terminal_with_outgoing", path: ["transitions", 2, "from_state"], severity: "error" }]);
  });

  it("warns when there is no terminal state", () => {
    const sm = machine({ states: [{ state_name: "pending" }, { state_name: "active" }], transitions: [{ from_state: "pending", to_state: "active", trigger: "go" }, { from_state: "active", to_state: "pending", trigger: "back" }] });
    expect(analyzeStateMachine(sm).issues).toMatchObject([{ kind: "no_terminal_state", path: ["terminal_states"], severity: "warning" }]);
  });

  it("parses every condition and reports a bad one with the column inside the expression", () => {
    const sm = machine({
      transitions: [
        { from_state: "pending", to_state: "active", trigger: "start", conditions: [{ expression: "a is_true" }, { expression: "a is_true and" }] },
        { from_state: "active", to_state: "done", trigger: "finish" },
      ],
    });
    expect(analyzeStateMachine(sm).issues).toMatchObject([{ kind: "bad_condition", path: ["transitions", 0, "conditions", 1, "expression"], column: 14, severity: "error" }]);
  });
});
