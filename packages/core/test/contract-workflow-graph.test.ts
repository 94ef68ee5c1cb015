import { describe, expect, it } from "vitest";
import { analyzeWorkflowGraph } from "../src/contracts/util-workflow-graph.js";

const step = (node_id: string, ...depends_on: string[]): { node_id: string; depends_on: string[] } => ({ node_id, depends_on });

describe("analyzeWorkflowGraph", () => {
  it("orders a diamond dependencies-first and groups it into levels", () => {
    const result = analyzeWorkflowGraph([step("reduce", "consul", "postgres"), step("consul", "validate"), step("postgres", "validate"), step("validate"), step("notify", "reduce")]);
    expect(result.issues).toEqual([]);
    expect(result.order).toEqual(["validate", "consul", "postgres", "reduce", "notify"]);
    expect(result.levels).toEqual([["validate"], ["consul", "postgres"], ["reduce"], ["notify"]]);
  });

  it("breaks ties by declaration order and accepts steps without depends_on", () => {
    const result = analyzeWorkflowGraph([{ node_id: "c" }, { node_id: "b" }, { node_id: "a", depends_on: ["c", "c"] }]);
    expect(result.order).toEqual(["c", "b", "a"]);
    expect(result.levels).toEqual([["c", "b"], ["a"]]);
  });

  it("gives an empty order for an empty graph", () => {
    expect(analyzeWorkflowGraph([])).toEqual({ order: [], levels: [], issues: [] });
  });

  it("reports a duplicate id at the later occurrence", () => {
    const result = analyzeWorkflowGraph([step("a"), step("b", "a"), step("a")]);
    expect(result.order).toEqual([]);
    expect(result.levels).toEqual([]);
    expect(result.issues).toEqual([{ kind: "duplicate_id", nodeId: "a", index: 2, message: 'step id "a" is already used by step #0' }]);
  });

  it("reports an unknown dependency with its position in depends_on", () => {
    const result = analyzeWorkflowGraph([step("a"), step("b", "a", "x")]);
    expect(result.issues).toEqual([
      { kind: "unknown_dependency", nodeId: "b", index: 1, dependency: "x", dependencyIndex: 1, message: 'step "b" depends on unknown step "x"' },
    ]);
  });

  it("reports a self dependency", () => {
    const result = analyzeWorkflowGraph([step("a", "a")]);
    expect(result.issues).toMatchObject([{ kind: "self_dependency", nodeId: "a", index: 0, dependencyIndex: 0 }]);
  });

  it("reports each cycle once, from its first declared step, following dependencies", () => {
    const result = analyzeWorkflowGraph([step("start"), step("a", "start", "c"), step("b", "a"), step("c", "b"), step("x", "y"), step("y", "x")]);
    expect(result.order).toEqual([]);
    expect(result.issues).toEqual([
      { kind: "cycle", nodeId: "a", index: 1, cycle: ["a", "c", "b"], message: "dependency cycle: a -> c -> b -> a" },
      { kind: "cycle", nodeId: "x", index: 4, cycle: ["x", "y"], message: "dependency cycle: x -> y -> x" },
    ]);
  });

  it("reports every kind of issue together, sorted by step index", () => {
    const result = analyzeWorkflowGraph([step("a", "b"), step("b", "a"), step("c", "c"), step("d", "zz"), step("a")]);
    expect(result.issues.map((i) => [i.kind, i.index])).toEqual([
      ["cycle", 0],
      ["self_dependency", 2],
      ["unknown_dependency", 3],
      ["duplicate_id", 4],
    ]);
  });
});
