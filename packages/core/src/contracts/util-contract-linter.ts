/**
 * Cross-field checks of a parsed contract: state-machine and workflow-graph integrity, condition expressions,
 * topic names, handler routing, dependencies, definitions. The loader runs it and locates every issue in the YAML
 * source; on its own it returns problems with paths and no line/column.
 * @module
 */
import { EnumNodeType } from "../enums/enum-node-type.js";
import type { ModelContract } from "./model-contract.js";
import { lintContractDefinitions } from "./util-contract-definition-lint.js";
import { formatContractPath, type ContractIssue, type ContractProblem, type ContractProblemCode } from "./util-contract-problem.js";
import { analyzeStateMachine } from "./util-fsm-integrity.js";
import { validateTopicName } from "./util-topic-name.js";
import { analyzeWorkflowGraph } from "./util-workflow-graph.js";

type Path = readonly (string | number)[];

const NODES_PATH = ["workflow_coordination", "workflow_definition", "execution_graph", "nodes"] as const;

/** Sections that only one set of archetypes uses. */
const SECTION_OWNERS: readonly [keyof ModelContract, readonly EnumNodeType[]][] = [
  ["state_machine", [EnumNodeType.REDUCER_GENERIC]],
  ["intent_emission", [EnumNodeType.REDUCER_GENERIC]],
  ["workflow_coordination", [EnumNodeType.ORCHESTRATOR_GENERIC]],
  ["handler_routing", [EnumNodeType.EFFECT_GENERIC, EnumNodeType.ORCHESTRATOR_GENERIC]],
  ["error_handling", [EnumNodeType.EFFECT_GENERIC, EnumNodeType.ORCHESTRATOR_GENERIC]],
];

function issue(segments: Path, message: string, code: ContractProblemCode, severity: "error" | "warning" = "error", anchor?: Path): ContractIssue {
  return anchor === undefined ? { segments, message, severity, code } : { segments, message, severity, code, anchor };
}

function lintStateMachine(contract: ModelContract): ContractIssue[] {
  if (contract.state_machine === undefined) return [];
  return analyzeStateMachine(contract.state_machine).issues.map((i) => {
    const base = issue(["state_machine", ...i.path], i.message, `fsm_${i.kind}`, i.severity);
    return i.column === undefined ? base : { ...base, valueColumn: i.column };
  });
}

function lintWorkflow(contract: ModelContract): ContractIssue[] {
  const definition = contract.workflow_coordination?.workflow_definition;
  if (definition === undefined) return [];
  const nodes = definition.execution_graph.nodes;
  if (nodes.length === 0) return [issue(NODES_PATH, "the workflow has no steps", "workflow_empty", "warning")];
  return analyzeWorkflowGraph(nodes).issues.map((i) => {
    const at: Path = [...NODES_PATH, i.index];
    switch (i.kind) {
      case "duplicate_id":
        return issue([...at, "node_id"], i.message, "workflow_duplicate_id");
      case "unknown_dependency":
      case "self_dependency":
        return issue([...at, "depends_on", i.dependencyIndex ?? 0], i.message, `workflow_${i.kind}`);
      case "cycle":
        return issue([...at, "depends_on"], `${i.message} (each step depends on the next)`, "workflow_cycle");
    }
  });
}

function lintTopics(contract: ModelContract): ContractIssue[] {
  const topics: [Path, string][] = [];
  const bus = contract.event_bus;
  if (bus !== undefined) {
    bus.subscribe_topics.forEach((t, i) => topics.push([["event_bus", "subscribe_topics", i], t]));
    bus.publish_topics.forEach((t, i) => topics.push([["event_bus", "publish_topics", i], t]));
    if (bus.dlq_topic !== undefined) topics.push([["event_bus", "dlq_topic"], bus.dlq_topic]);
  }
  for (const key of ["consumed_events", "published_events"] as const) {
    contract[key].forEach((event, i) => {
      if (typeof event !== "string" && event.topic !== undefined) topics.push([[key, i, "topic"], event.topic]);
    });
  }
  return topics.flatMap(([path, topic]) =>
    validateTopicName(topic).map((p) =>
      p.rule === "kafka" ? issue(path, `invalid topic "${topic}": ${p.message}`, "topic_kafka") : issue(path, p.message, "topic_onex", "warning"),
    ),
  );
}

function lintRouting(contract: ModelContract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const routing = contract.handler_routing;
  if (routing === undefined) {
    if (contract.node_type === EnumNodeType.EFFECT_GENERIC) {
      issues.push(issue(["handler_routing"], "an EFFECT_GENERIC contract needs a handler_routing section (operation -> handler)", "handler_routing_missing", "error", ["node_type"]));
    }
    return issues;
  }
  const seen = new Set<string>();
  routing.forEach((route, i) => {
    if (seen.has(route.operation)) issues.push(issue(["handler_routing", i, "operation"], `operation "${route.operation}" is routed more than once`, "handler_routing_duplicate"));
    seen.add(route.operation);
  });
  return issues;
}

function lintDependencies(contract: ModelContract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const seen = new Set<string>();
  contract.dependencies.forEach((dependency, i) => {
    if (seen.has(dependency.name)) issues.push(issue(["dependencies", i, "name"], `dependency "${dependency.name}" is declared more than once`, "dependency_duplicate"));
    seen.add(dependency.name);
    if (dependency.type === "protocol" && dependency.protocol === undefined) {
      issues.push(issue(["dependencies", i], `dependency "${dependency.name}" has type protocol but names no protocol`, "dependency_missing_protocol", "warning"));
    }
  });
  return issues;
}

function lintGeneral(contract: ModelContract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (contract.description === undefined || contract.description.trim() === "") {
    issues.push(issue(["description"], "the contract has no description", "missing_description", "warning", ["name"]));
  }
  for (const [section, owners] of SECTION_OWNERS) {
    if (contract[section] !== undefined && !owners.includes(contract.node_type)) {
      issues.push(issue([section], `section ${section} is ignored by ${contract.node_type} nodes`, "section_ignored", "warning"));
    }
  }
  const retry = contract.error_handling?.retry_policy;
  if (retry !== undefined && retry.initial_delay_ms > retry.max_delay_ms) {
    issues.push(issue(["error_handling", "retry_policy", "initial_delay_ms"], `initial_delay_ms ${retry.initial_delay_ms} is greater than max_delay_ms ${retry.max_delay_ms}`, "retry_delay_range"));
  }
  return issues;
}

/**
 * All cross-field issues of a parsed contract, unlocated (the loader turns them into located problems).
 *
 * @category Contracts
 */
export function lintContractIssues(contract: ModelContract): ContractIssue[] {
  return [
    ...lintGeneral(contract),
    ...lintDependencies(contract),
    ...lintTopics(contract),
    ...lintRouting(contract),
    ...lintStateMachine(contract),
    ...lintWorkflow(contract),
    ...lintContractDefinitions(contract.definitions),
  ];
}

/**
 * Lints a parsed contract: FSM integrity (every condition expression parsed), workflow graph integrity (cycles,
 * unknown, self or duplicate step ids), handler routing (required for EFFECT, no duplicates), topic names (Kafka
 * violations are errors, ONEX-pattern mismatches warnings), dependencies and definitions. Line and column are 0:
 * use `loadContractText` to get them.
 *
 * @param file - file name to put in the problems.
 * @category Contracts
 */
export function lintContract(contract: ModelContract, file = "contract.yaml"): ContractProblem[] {
  return lintContractIssues(contract).map((i) => ({
    file,
    line: 0,
    column: 0,
    path: formatContractPath(i.segments),
    segments: i.segments,
    message: i.message,
    severity: i.severity,
    code: i.code,
  }));
}
