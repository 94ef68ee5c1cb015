import { describe, expect, it } from "vitest";
import { ModelContract } from "../src/contracts/model-contract.js";
import { ModelContractErrorHandling } from "../src/contracts/model-contract-error-handling.js";
import { ModelContractWorkflowCoordination } from "../src/contracts/model-contract-workflow-coordination.js";
import { findUnknownFields } from "../src/contracts/util-contract-unknown-fields.js";

const identity = {
  name: "n",
  contract_version: { major: 1, minor: 0, patch: 0 },
  node_version: "1.0.0",
  input_model: { name: "ModelIn", module: "./m.js" },
  output_model: { name: "ModelOut", module: "./m.js" },
};

describe("section schemas", () => {
  it("fills every error_handling default from an empty section", () => {
    expect(ModelContractErrorHandling.parse({})).toEqual({
      retry_policy: { max_retries: 3, initial_delay_ms: 100, max_delay_ms: 10000, backoff_multiplier: 2, jitter: true },
      circuit_breaker: { enabled: true, failure_threshold: 5, reset_timeout_ms: 30000, half_open_max_requests: 1, success_threshold: 1, per_backend: true },
      error_types: [],
      timeout_ms: 30000,
    });
    expect(ModelContractErrorHandling.parse({ retry_policy: { max_retries: 0 } }).retry_policy).toMatchObject({ max_retries: 0, initial_delay_ms: 100 });
  });

  it("fills workflow coordination defaults and rejects bad rule values", () => {
    const parsed = ModelContractWorkflowCoordination.parse({
      workflow_definition: { workflow_metadata: { workflow_name: "w" }, execution_graph: { nodes: [{ node_id: "a", node_type: "EFFECT_GENERIC" }] } },
    });
    expect(parsed.workflow_definition.coordination_rules).toEqual({
      execution_mode: "sequential",
      max_parallel_branches: 4,
      max_retries: 0,
      timeout_ms: 30000,
      failure_recovery_strategy: "fail_fast",
    });
    expect(parsed.workflow_definition.execution_graph.nodes[0]).toEqual({ node_id: "a", node_type: "EFFECT_GENERIC", depends_on: [], step_config: { parameters: {} } });
    const bad = (rules: Record<string, unknown>): boolean =>
      ModelContractWorkflowCoordination.safeParse({ workflow_definition: { workflow_metadata: { workflow_name: "w" }, execution_graph: { nodes: [] }, coordination_rules: rules } }).success;
    expect(bad({ max_parallel_branches: 0 })).toBe(false);
    expect(bad({ execution_mode: "batch" })).toBe(false);
    expect(bad({ failure_recovery_strategy: "ignore" })).toBe(false);
    expect(bad({ timeout_ms: 0 })).toBe(false);
    expect(bad({ max_retries: 1.5 })).toBe(false);
  });

  it("requires the archetype's own section, with the node_type line as anchor", () => {
    const result = ModelContract.safeParse({ ...identity, node_type: "ORCHESTRATOR_GENERIC" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ code: "custom", path: ["workflow_coordination"], params: { anchor: ["node_type"] } }]);
    expect(ModelContract.safeParse({ ...identity, node_type: "COMPUTE_GENERIC" }).success).toBe(true);
  });

  it("accepts handler_routing as a mapping or a list and rejects anything else with one clear message", () => {
    const parse = (handler_routing: unknown): unknown => ModelContract.safeParse({ ...identity, node_type: "EFFECT_GENERIC", handler_routing });
    expect(parse({ "db.query": "db" })).toMatchObject({ success: true, data: { handler_routing: [{ operation: "db.query", handler: "db" }] } });
    expect(parse([{ operation: "db.query", handler: "db" }])).toMatchObject({ success: true });
    expect(parse("db")).toMatchObject({ success: false, error: { issues: [{ path: ["handler_routing"], message: "expected a mapping of operation to handler, or a list of {operation, handler}" }] } });
  });

  it("finds unknown keys at every level but not inside free-form records", () => {
    const raw = {
      ...identity,
      node_type: "COMPUTE_GENERIC",
      extra: 1,
      metadata: { anything: true },
      input_model: { name: "A", module: "m", python_class: "A" },
      event_bus: { subscribe_topic: [] },
      definitions: { A: { type: "object", properties: { x: { type: "string", title: "X" } } } },
    };
    expect(findUnknownFields(ModelContract, raw).map((i) => i.segments)).toEqual([
      ["input_model", "python_class"],
      ["extra"],
      ["event_bus", "subscribe_topic"],
      ["definitions", "A", "properties", "x", "title"],
    ]);
  });
});
