import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeStateMachine, checkGeneratedModels, loadContractText, verifyGeneratedFile } from "@onex/core";
import { describe, expect, it } from "vitest";

const NODES_DIR = fileURLToPath(new URL("../src/nodes", import.meta.url));
const NODES = [
  "node_registration_orchestrator",
  "node_registration_reducer",
  "node_registry_effect",
  "node_registration_storage_effect",
  "node_service_discovery_effect",
] as const;

function nodeDir(name: string): string {
  return path.join(NODES_DIR, name, "v1_0_0");
}

function load(name: string): ReturnType<typeof loadContractText> {
  const file = path.join(nodeDir(name), "contract.yaml");
  return loadContractText(readFileSync(file, "utf8"), file);
}

describe.each(NODES)("registration node %s", (name) => {
  it("has a contract that passes the core loader and linter with no error and no warning", () => {
    const result = load(name);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    if (result.ok) expect(result.contract.name).toBe(name);
  });

  it("has models/ generated from the contract's definitions and not stale", () => {
    const result = load(name);
    if (!result.ok) throw new Error("contract does not load");
    const modelsDir = path.join(nodeDir(name), "models");
    const existing: Record<string, string> = {};
    for (const file of readdirSync(modelsDir)) {
      const content = readFileSync(path.join(modelsDir, file), "utf8");
      expect(verifyGeneratedFile(content), file).toBe("intact");
      existing[`models/${file}`] = content;
    }
    expect(checkGeneratedModels(result.contract, existing)).toEqual({ stale: [], missing: [], extra: [] });
  });

  it("follows the node structure: contract.yaml, node.ts, models/, registry/registry-infra-<name>.ts", () => {
    const kebab = name.replace(/_/g, "-");
    for (const file of ["contract.yaml", "node.ts", "models/index.ts", `registry/registry-infra-${kebab}.ts`]) {
      expect(existsSync(path.join(nodeDir(name), file)), file).toBe(true);
    }
  });
});

describe("registration reducer contract", () => {
  it("declares a sound state machine whose only terminal state is deregistered", () => {
    const result = load("node_registration_reducer");
    if (!result.ok || result.contract.state_machine === undefined) throw new Error("no state machine");
    const machine = result.contract.state_machine;
    expect(analyzeStateMachine(machine).issues).toEqual([]);
    expect(machine.states.filter((s) => s.is_terminal).map((s) => s.state_name)).toEqual(["deregistered"]);
    expect(machine.initial_state).toBe("pending");
  });
});

describe("registration orchestrator contract", () => {
  it("runs the Consul and PostgreSQL registrations as parallel branches of the graph", () => {
    const result = load("node_registration_orchestrator");
    if (!result.ok || result.contract.workflow_coordination === undefined) throw new Error("no workflow");
    const { execution_graph, coordination_rules } = result.contract.workflow_coordination.workflow_definition;
    const byId = new Map(execution_graph.nodes.map((n) => [n.node_id, n]));
    expect(coordination_rules.execution_mode).toBe("parallel");
    expect(byId.get("register_consul")?.depends_on).toEqual(["reduce_introspection"]);
    expect(byId.get("upsert_postgres")?.depends_on).toEqual(["reduce_introspection"]);
    expect(byId.get("reduce_outcome")?.depends_on).toEqual(["register_consul", "upsert_postgres"]);
  });

  it("publishes node.registered on {env}.onex.evt.registration.node-registered.v1", () => {
    const result = load("node_registration_orchestrator");
    if (!result.ok) throw new Error("contract does not load");
    expect(result.contract.event_bus?.publish_topics).toEqual(["{env}.onex.evt.registration.node-registered.v1"]);
  });
});
