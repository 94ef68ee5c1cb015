import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkGeneratedModels, formatContractProblem, generateModels, loadContractText, ModelONEXContainer, toKebabCase, type ModelContract } from "@onex/core";
import { describe, expect, it } from "vitest";
import { adapterNodeTokens } from "../src/adapters/util-adapter-node.js";
import { NodeConsulAdapterEffect } from "../src/nodes/consul_adapter/v1_0_0/node.js";
import { RegistryInfraConsulAdapter } from "../src/nodes/consul_adapter/v1_0_0/registry/registry-infra-consul-adapter.js";
import { NodeKafkaAdapterEffect } from "../src/nodes/kafka_adapter/v1_0_0/node.js";
import { RegistryInfraKafkaAdapter } from "../src/nodes/kafka_adapter/v1_0_0/registry/registry-infra-kafka-adapter.js";
import { NodePostgresAdapterEffect } from "../src/nodes/postgres_adapter/v1_0_0/node.js";
import { RegistryInfraPostgresAdapter } from "../src/nodes/postgres_adapter/v1_0_0/registry/registry-infra-postgres-adapter.js";
import { NodeValkeyAdapterEffect } from "../src/nodes/valkey_adapter/v1_0_0/node.js";
import { RegistryInfraValkeyAdapter } from "../src/nodes/valkey_adapter/v1_0_0/registry/registry-infra-valkey-adapter.js";
import { NodeVaultAdapterEffect } from "../src/nodes/vault_adapter/v1_0_0/node.js";
import { RegistryInfraVaultAdapter } from "../src/nodes/vault_adapter/v1_0_0/registry/registry-infra-vault-adapter.js";

const NODES_DIR = fileURLToPath(new URL("../src/nodes", import.meta.url));
const contractFiles = readdirSync(NODES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(NODES_DIR, entry.name, "v1_0_0", "contract.yaml"))
  .filter((file) => existsSync(file))
  .sort();

const ADAPTERS = [
  { name: "postgres_adapter", Node: NodePostgresAdapterEffect, Registry: RegistryInfraPostgresAdapter },
  { name: "consul_adapter", Node: NodeConsulAdapterEffect, Registry: RegistryInfraConsulAdapter },
  { name: "vault_adapter", Node: NodeVaultAdapterEffect, Registry: RegistryInfraVaultAdapter },
  { name: "valkey_adapter", Node: NodeValkeyAdapterEffect, Registry: RegistryInfraValkeyAdapter },
  { name: "kafka_adapter", Node: NodeKafkaAdapterEffect, Registry: RegistryInfraKafkaAdapter },
] as const;

/** Every file of `models/` (recursively), keyed by its path relative to the node directory. */
function modelFiles(nodeDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(nodeDir, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(path.join(nodeDir, "models"));
  return out;
}

function load(file: string): { contract: ModelContract | undefined; errors: string[]; warnings: string[] } {
  const result = loadContractText(readFileSync(file, "utf8"), path.relative(NODES_DIR, file));
  return {
    contract: result.ok ? result.contract : undefined,
    errors: result.ok ? [] : result.problems.map(formatContractProblem),
    warnings: result.warnings.map(formatContractProblem),
  };
}

describe("node contracts under src/nodes", () => {
  it("finds the five service adapters among the node contracts", () => {
    const names = contractFiles.map((file) => path.basename(path.dirname(path.dirname(file))));
    expect(names).toEqual(expect.arrayContaining(ADAPTERS.map((adapter) => adapter.name)));
  });

  it.each(contractFiles.map((file) => [path.relative(NODES_DIR, file), file]))("%s passes the core contract loader and linter with zero errors", (_label, file) => {
    const { contract, errors } = load(file);
    expect(errors).toEqual([]);
    expect(contract?.name).toBe(path.basename(path.dirname(path.dirname(file))));
  });

  it.each(contractFiles.map((file) => [path.relative(NODES_DIR, file), file]))("%s has generated models that are not stale", (_label, file) => {
    const { contract } = load(file);
    if (contract === undefined || Object.keys(contract.definitions).length === 0) return;
    const nodeDir = path.dirname(file);
    expect(checkGeneratedModels(contract, modelFiles(nodeDir), { source: "contract.yaml" })).toEqual({ stale: [], missing: [], extra: [] });
  });
});

describe.each(ADAPTERS)("service adapter $name", ({ name, Node, Registry }) => {
  const file = path.join(NODES_DIR, name, "v1_0_0", "contract.yaml");

  it("is a warning-free EFFECT contract whose models are generated from its definitions", () => {
    const { contract, warnings } = load(file);
    expect(warnings).toEqual([]);
    expect(contract).toMatchObject({ name, node_type: "EFFECT_GENERIC", node_version: "1.0.0", health_check: { enabled: true } });
    const generated = generateModels(contract as ModelContract, { source: "contract.yaml" }).files.map((f) => f.path);
    expect(generated).toContain(`models/${toKebabCase(contract?.input_model.name ?? "")}.ts`);
    expect(generated).toContain(`models/${toKebabCase(contract?.output_model.name ?? "")}.ts`);
  });

  it("serves exactly the operations its contract routes, and its registry uses the tokens derived from the contract name", () => {
    const contract = Node.contract();
    const node = new Node(new ModelONEXContainer());
    const routed = (contract.handler_routing ?? []).map((route) => route.operation).sort();
    expect(node.operations).toEqual(routed);
    expect(new Set((contract.handler_routing ?? []).map((route) => route.handler)).size).toBe(1);
    const expected = adapterNodeTokens(name);
    expect([Registry.tokens.node.name, Registry.tokens.handler.name, Registry.tokens.circuitBreaker.name]).toEqual([expected.node.name, expected.handler.name, expected.circuitBreaker.name]);
  });
});
