import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelOnexError } from "../src/errors/model-onex-error.js";
import { assertContract, checkContractValue, loadContractText, type ContractLoadResult } from "../src/contracts/util-contract-loader.js";
import type { ModelContract } from "../src/contracts/model-contract.js";
import type { ContractProblem } from "../src/contracts/util-contract-problem.js";

const FIXTURES = join(import.meta.dirname, "fixtures", "contracts");

function load(kind: "good" | "bad", name: string): { file: string; result: ContractLoadResult } {
  const file = `${kind}/${name}`;
  return { file, result: loadContractText(readFileSync(join(FIXTURES, file), "utf8"), file) };
}

function loaded(name: string): { contract: ModelContract; warnings: ContractProblem[] } {
  const { result } = load("good", name);
  if (!result.ok) throw new Error(`expected ${name} to load: ${JSON.stringify(result.problems, null, 2)}`);
  return result;
}

describe("good contracts", () => {
  it("loads an effect contract, normalising handler_routing from a mapping to a list and applying defaults", () => {
    const { contract, warnings } = loaded("effect-registry.yaml");
    expect(warnings).toEqual([]);
    expect(contract.node_type).toBe("EFFECT_GENERIC");
    expect(contract.contract_version).toEqual({ major: 1, minor: 0, patch: 0 });
    expect(contract.handler_routing).toEqual([
      { operation: "consul.register", handler: "consul" },
      { operation: "db.query", handler: "db" },
    ]);
    expect(contract.error_handling?.retry_policy).toMatchObject({ max_retries: 3, max_delay_ms: 2000, backoff_multiplier: 2 });
    expect(contract.error_handling?.circuit_breaker).toMatchObject({ enabled: true, success_threshold: 1, per_backend: true });
    expect(contract.dependencies.map((d) => d.name)).toEqual(["consul_client", "registration_store"]);
    expect(Object.keys(contract.definitions)).toEqual(["RegistrationRequest", "Capability", "registration_result"]);
  });

  it("loads a compute contract", () => {
    const { contract, warnings } = loaded("compute-normalizer.yaml");
    expect(warnings).toEqual([]);
    expect(contract.node_type).toBe("COMPUTE_GENERIC");
    expect(contract.consumed_events).toEqual([]);
  });

  it("loads a registration reducer whose FSM has conditions, required data and a wildcard transition", () => {
    const { contract, warnings } = loaded("reducer-registration.yaml");
    expect(warnings).toEqual([]);
    const sm = contract.state_machine;
    expect(sm?.states.map((s) => s.state_name)).toEqual(["pending", "introspected", "registering", "active", "expired", "failed"]);
    expect(sm?.states[2]?.required_data).toEqual(["node_id", "endpoint.host"]);
    expect(sm?.transitions[1]?.conditions).toEqual([
      { expression: "endpoint.host is_valid", required: true },
      { expression: "dry_run is_true", required: false },
    ]);
    expect(sm?.transitions[1]?.actions).toEqual([{ action_name: "register_node", action_type: "emit_intent" }]);
    expect(sm?.transitions[0]?.actions).toEqual([]);
    expect(sm?.persistence_enabled).toBe(true);
    expect(contract.idempotency).toEqual({ enabled: true, key_fields: ["node_id", "trigger"] });
  });

  it("loads an orchestrator with a parallel graph and list-form handler_routing", () => {
    const { contract, warnings } = loaded("orchestrator-registration.yaml");
    expect(warnings).toEqual([]);
    const definition = contract.workflow_coordination?.workflow_definition;
    expect(definition?.coordination_rules).toEqual({
      execution_mode: "parallel",
      max_parallel_branches: 2,
      max_retries: 1,
      timeout_ms: 10000,
      failure_recovery_strategy: "fail_fast",
    });
    expect(definition?.execution_graph.nodes[0]?.depends_on).toEqual([]);
    expect(definition?.execution_graph.nodes[3]?.step_config).toEqual({ parameters: {} });
    expect(contract.consumed_events[0]).toEqual({ event_type: "NodeIntrospectionEvent", topic: "{env}.onex.evt.node-registration.introspected.v1" });
    expect(contract.published_events).toEqual(["NodeRegisteredEvent"]);
  });

  it("loads a contract written for the Python system, reporting unknown sections and non-ONEX topics as warnings", () => {
    const file = "good/python-style-effect.yaml";
    const { contract, warnings } = loaded("python-style-effect.yaml");
    expect(contract.name).toBe("node_postgres_adapter_effect");
    expect("tool_specification" in contract).toBe(false);
    expect(warnings.map((w) => [w.path, w.line, w.column, w.code, w.severity])).toEqual([
      ["contract_name", 2, 1, "unknown_field", "warning"],
      ["tool_specification", 11, 1, "unknown_field", "warning"],
      ["performance_requirements", 14, 1, "unknown_field", "warning"],
      ["input_model.python_class", 19, 3, "unknown_field", "warning"],
      ["event_bus.subscribe_topics[0]", 27, 22, "topic_onex", "warning"],
    ]);
    expect(warnings.every((w) => w.file === file)).toBe(true);
    expect(warnings[3]?.message).toBe('unknown field "python_class" in input_model is ignored');
  });
});

interface BadCase {
  readonly fixture: string;
  readonly code: ContractProblem["code"];
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: RegExp;
}

const BAD: readonly BadCase[] = [
  { fixture: "yaml-syntax-error.yaml", code: "yaml_syntax", path: "(root)", line: 4, column: 12, message: /Nested mappings are not allowed/ },
  { fixture: "yaml-tab-indent.yaml", code: "yaml_syntax", path: "(root)", line: 3, column: 1, message: /Tabs are not allowed/ },
  { fixture: "duplicate-key.yaml", code: "yaml_syntax", path: "(root)", line: 5, column: 1, message: /Map keys must be unique/ },
  { fixture: "missing-name.yaml", code: "schema", path: "name", line: 1, column: 1, message: /required field is missing/ },
  { fixture: "bad-node-version.yaml", code: "schema", path: "node_version", line: 3, column: 15, message: /semantic version MAJOR\.MINOR\.PATCH/ },
  { fixture: "unknown-node-type.yaml", code: "schema", path: "node_type", line: 4, column: 12, message: /EFFECT_GENERIC.*ORCHESTRATOR_GENERIC/ },
  { fixture: "reducer-without-state-machine.yaml", code: "missing_section", path: "state_machine", line: 5, column: 1, message: /REDUCER_GENERIC contract needs a state_machine/ },
  { fixture: "effect-without-handler-routing.yaml", code: "handler_routing_missing", path: "handler_routing", line: 5, column: 1, message: /needs a handler_routing/ },
  { fixture: "transition-unknown-state.yaml", code: "fsm_unknown_state", path: "state_machine.transitions[2].to_state", line: 20, column: 17, message: /unknown state "activ"/ },
  { fixture: "unreachable-state.yaml", code: "fsm_unreachable_state", path: "state_machine.states[1].state_name", line: 13, column: 19, message: /"orphan" cannot be reached/ },
  { fixture: "missing-initial-state.yaml", code: "fsm_missing_initial_state", path: "state_machine.initial_state", line: 10, column: 18, message: /initial state "start"/ },
  { fixture: "terminal-with-outgoing.yaml", code: "fsm_terminal_with_outgoing", path: "state_machine.transitions[1].from_state", line: 17, column: 21, message: /terminal state "done"/ },
  // column 31 is where `is_there` starts inside the expression on line 21
  { fixture: "bad-condition.yaml", code: "fsm_bad_condition", path: "state_machine.transitions[0].conditions[1].expression", line: 21, column: 31, message: /expected is_present.*at column 9, found "is_there"/ },
  { fixture: "workflow-cycle.yaml", code: "workflow_cycle", path: "workflow_coordination.workflow_definition.execution_graph.nodes[1].depends_on", line: 16, column: 23, message: /cycle: a -> c -> b -> a/ },
  { fixture: "workflow-unknown-dependency.yaml", code: "workflow_unknown_dependency", path: "workflow_coordination.workflow_definition.execution_graph.nodes[1].depends_on[1]", line: 16, column: 31, message: /unknown step "validate"/ },
  { fixture: "workflow-duplicate-step.yaml", code: "workflow_duplicate_id", path: "workflow_coordination.workflow_definition.execution_graph.nodes[2].node_id", line: 15, column: 22, message: /"register" is already used/ },
  { fixture: "wrong-type-max-parallel-branches.yaml", code: "schema", path: "workflow_coordination.workflow_definition.coordination_rules.max_parallel_branches", line: 16, column: 30, message: /expected number, received string/ },
  { fixture: "bad-topic-name.yaml", code: "topic_kafka", path: "event_bus.publish_topics[0]", line: 12, column: 7, message: /may contain only ASCII letters/ },
  { fixture: "definition-unknown-ref.yaml", code: "definition_invalid", path: "definitions.Request.properties.item.ref", line: 12, column: 20, message: /unknown definition "Item"/ },
];

describe("malformed contracts", () => {
  it.each(BAD)("$fixture is rejected with file, line $line, column $column and path $path", (bad) => {
    const { file, result } = load("bad", bad.fixture);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ file, line: bad.line, column: bad.column, path: bad.path, code: bad.code, severity: "error" });
    expect(problem?.message).toMatch(bad.message);
  });

  it("assertContract throws a CONTRACT_VALIDATION_ERROR listing every problem as file:line:column path: message", () => {
    const text = readFileSync(join(FIXTURES, "bad", "transition-unknown-state.yaml"), "utf8").replace("to_state: done", "to_state: gone");
    let thrown: unknown;
    try {
      assertContract(text, "nodes/fsm/contract.yaml", "corr-1");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelOnexError);
    const error = thrown as ModelOnexError;
    expect(error.errorCode).toBe("CONTRACT_VALIDATION_ERROR");
    expect(error.correlationId).toBe("corr-1");
    expect(error.message).toContain("invalid contract nodes/fsm/contract.yaml (3 problems)");
    expect(error.message).toContain('nodes/fsm/contract.yaml:18:39 state_machine.transitions[1].to_state: transition "finish" goes to unknown state "gone"');
    expect(error.message).toContain("nodes/fsm/contract.yaml:20:17 state_machine.transitions[2].to_state:");
    expect(error.message).toContain("nodes/fsm/contract.yaml:14:19 state_machine.states[2].state_name:");
    expect(error.context["file"]).toBe("nodes/fsm/contract.yaml");
    expect(error.context["problems"]).toHaveLength(3);
  });

  it("returns every schema problem at once, sorted by line and column; a missing top-level field points at the first line", () => {
    const text = ["name: ''", "contract_version: { major: -1, minor: 0, patch: 0 }", 'node_version: "x"', "node_type: COMPUTE_GENERIC", "input_model: 3"].join("\n");
    const result = loadContractText(text, "c.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [1, 1, "output_model"],
      [1, 7, "name"],
      [2, 28, "contract_version.major"],
      [3, 15, "node_version"],
      [5, 14, "input_model"],
    ]);
  });

  it("reports a document that is not a mapping at line 1", () => {
    const result = loadContractText("- just\n- a list\n", "list.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 1, column: 1, path: "(root)", code: "schema" });
  });

  it("points a misspelt nested key at the key and still reports the missing field it was meant to be", () => {
    const text = readFileSync(join(FIXTURES, "bad", "transition-unknown-state.yaml"), "utf8").replace("      to_state: activ", "      to_stat: active");
    const result = loadContractText(text, "c.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: "state_machine.transitions[2].to_state", line: 19, code: "schema", message: "required field is missing" });
    expect(result.warnings[0]).toMatchObject({ path: "state_machine.transitions[2].to_stat", line: 20, column: 7, code: "unknown_field" });
  });
});

describe("checkContractValue", () => {
  it("validates an object built in code, with line and column 0", () => {
    const result = checkContractValue({ name: "x", contract_version: { major: 1, minor: 0, patch: 0 }, node_version: "1.0.0", node_type: "EFFECT_GENERIC" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ["input_model", 0, 0],
      ["output_model", 0, 0],
    ]);
  });
});
