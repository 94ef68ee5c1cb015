import { describe, expect, it } from "vitest";
import { ModelContract, type ModelContractInput } from "../src/contracts/model-contract.js";
import { lintContract } from "../src/contracts/util-contract-linter.js";
import { formatContractProblem } from "../src/contracts/util-contract-problem.js";

const contract = (extra: Partial<ModelContractInput>): ModelContract =>
  ModelContract.parse({
    name: "n",
    contract_version: { major: 1, minor: 0, patch: 0 },
    node_version: "1.0.0",
    node_type: "EFFECT_GENERIC",
    description: "d",
    input_model: { name: "ModelIn", module: "./m.js" },
    output_model: { name: "ModelOut", module: "./m.js" },
    handler_routing: { "db.query": "db" },
    ...extra,
  });

const codes = (c: ModelContract): [string, string, string][] => lintContract(c).map((p) => [p.code, p.path, p.severity]);

describe("lintContract", () => {
  it("finds nothing in a sound effect contract", () => {
    expect(lintContract(contract({}))).toEqual([]);
  });

  it("returns problems with the file, the path and no position", () => {
    const [problem] = lintContract(contract({ description: "" }), "nodes/x/contract.yaml");
    expect(problem).toEqual({
      file: "nodes/x/contract.yaml",
      line: 0,
      column: 0,
      path: "description",
      segments: ["description"],
      message: "the contract has no description",
      severity: "warning",
      code: "missing_description",
    });
    if (problem !== undefined) expect(formatContractProblem(problem)).toBe("nodes/x/contract.yaml description: the contract has no description (warning)");
  });

  it("makes Kafka topic violations errors and ONEX pattern mismatches warnings, for every topic field", () => {
    const c = contract({
      event_bus: { subscribe_topics: ["ok.topic"], publish_topics: ["dev.onex.evt.p.n.v1", "bad topic"], dlq_topic: ".." },
      consumed_events: [{ event_type: "E", topic: "x/y" }, "Plain"],
    });
    expect(codes(c)).toEqual([
      ["topic_onex", "event_bus.subscribe_topics[0]", "warning"],
      ["topic_kafka", "event_bus.publish_topics[1]", "error"],
      ["topic_kafka", "event_bus.dlq_topic", "error"],
      ["topic_kafka", "consumed_events[0].topic", "error"],
    ]);
  });

  it("requires handler_routing for effects and rejects duplicate operations", () => {
    expect(codes(contract({ handler_routing: undefined }))).toEqual([["handler_routing_missing", "handler_routing", "error"]]);
    expect(codes(contract({ handler_routing: [{ operation: "a", handler: "x" }, { operation: "a", handler: "y" }] }))).toEqual([["handler_routing_duplicate", "handler_routing[1].operation", "error"]]);
  });

  it("checks dependencies, retry bounds and sections the archetype ignores", () => {
    const c = contract({
      dependencies: [{ name: "bus", type: "protocol" }, { name: "bus", type: "service" }],
      error_handling: { retry_policy: { initial_delay_ms: 5000, max_delay_ms: 100 } },
      intent_emission: {},
    });
    expect(codes(c)).toEqual([
      ["section_ignored", "intent_emission", "warning"],
      ["retry_delay_range", "error_handling.retry_policy.initial_delay_ms", "error"],
      ["dependency_missing_protocol", "dependencies[0]", "warning"],
      ["dependency_duplicate", "dependencies[1].name", "error"],
    ]);
  });

  it("warns about an empty workflow", () => {
    const c = contract({
      node_type: "ORCHESTRATOR_GENERIC",
      workflow_coordination: { workflow_definition: { workflow_metadata: { workflow_name: "w" }, execution_graph: { nodes: [] } } },
    });
    expect(codes(c)).toEqual([["workflow_empty", "workflow_coordination.workflow_definition.execution_graph.nodes", "warning"]]);
  });

  it("reports self dependencies in the workflow at the offending depends_on entry", () => {
    const c = contract({
      node_type: "ORCHESTRATOR_GENERIC",
      workflow_coordination: {
        workflow_definition: { workflow_metadata: { workflow_name: "w" }, execution_graph: { nodes: [{ node_id: "a", node_type: "EFFECT_GENERIC", depends_on: ["a"] }] } },
      },
    });
    expect(codes(c)).toEqual([["workflow_self_dependency", "workflow_coordination.workflow_definition.execution_graph.nodes[0].depends_on[0]", "error"]]);
  });

  it("checks definitions: keywords that do not fit the type, bounds, formats, defaults", () => {
    const c = contract({
      definitions: {
        A: {
          type: "object",
          properties: {
            n: { type: "number", minimum: 5, maximum: 1 },
            s: { type: "string", format: "ipv6", minLength: 4, maxLength: 2 },
            e: { type: "integer", enum: [1, "two"] },
            l: { type: "array" },
            p: { type: "string", pattern: "(" },
            d: { type: "string", enum: ["a", "b"], default: "c" },
            r: { ref: "A2", type: "string" },
          },
        },
        A2: { type: "boolean", items: { type: "string" } },
      },
    });
    expect(codes(c)).toEqual([
      ["definition_invalid", "definitions.A.properties.n.minimum", "error"],
      ["definition_invalid", "definitions.A.properties.s.format", "warning"],
      ["definition_invalid", "definitions.A.properties.s.minLength", "error"],
      ["definition_invalid", "definitions.A.properties.e.enum[1]", "error"],
      ["definition_invalid", "definitions.A.properties.l.type", "warning"],
      ["definition_invalid", "definitions.A.properties.p.pattern", "error"],
      ["definition_invalid", "definitions.A.properties.d.default", "error"],
      ["definition_invalid", "definitions.A.properties.r.type", "warning"],
      ["definition_invalid", "definitions.A2.items", "error"],
    ]);
  });
});
