import { ModelONEXContainer } from "@onex/core";
import { describe, expect, it } from "vitest";
import { NodeRegistrationStorageEffect } from "../src/nodes/node_registration_storage_effect/v1_0_0/node.js";
import { NodeRegistryEffect } from "../src/nodes/node_registry_effect/v1_0_0/node.js";
import { NodeServiceDiscoveryEffect } from "../src/nodes/node_service_discovery_effect/v1_0_0/node.js";
import type { RegistrationProjectionRecord } from "../src/registration/registration-projection-store.js";
import { RegistrationServiceTokens } from "../src/registration/util-registration-tokens.js";
import { FakeProjectionStore, FakeServiceDiscovery } from "./support/registration-fakes.js";

const instant = { sleep: () => Promise.resolve(), random: () => 0 };
const NODE = { node_id: "n1", node_name: "vault_adapter", node_type: "EFFECT_GENERIC", node_version: "1.2.3", endpoint: "https://vault-node.internal", capabilities: ["vault.read"], metadata: { zone: "eu-1", nested: { no: 1 } } };

function scope(): { container: ModelONEXContainer; discovery: FakeServiceDiscovery; store: FakeProjectionStore } {
  const container = new ModelONEXContainer();
  const discovery = new FakeServiceDiscovery();
  const store = new FakeProjectionStore();
  container.serviceRegistry.registerInstance(RegistrationServiceTokens.serviceDiscovery, discovery);
  container.serviceRegistry.registerInstance(RegistrationServiceTokens.projectionStore, store);
  return { container, discovery, store };
}

function row(overrides: Partial<RegistrationProjectionRecord> = {}): RegistrationProjectionRecord {
  return {
    node_id: "n1",
    node_name: "vault_adapter",
    node_type: "EFFECT_GENERIC",
    node_version: "1.2.3",
    endpoint: "https://vault-node.internal",
    capabilities: [],
    metadata: {},
    registration_state: "active",
    last_heartbeat_at: "2030-01-01T00:00:00.000Z",
    registered_at: "2030-01-01T00:00:00.000Z",
    updated_at: "2030-01-01T00:00:00.000Z",
    sequence: 3,
    reducer_snapshot: { state: "active" },
    ...overrides,
  };
}

describe("node_registry_effect", () => {
  it("registers in the requested backends only and reports each one", async () => {
    const { container, discovery, store } = scope();
    const effect = new NodeRegistryEffect(container, instant);
    const output = await effect.process({ operation: "registry.register", payload: { node: NODE, backends: ["consul"] } });
    expect(output.success).toBe(true);
    expect(output.result).toMatchObject({ operation: "registry.register", node_id: "n1", success: true, outcomes: [{ backend: "consul", success: true, retry_count: 0 }] });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([1, 0]);
    expect(discovery.instances.get("n1")).toMatchObject({ address: "vault-node.internal", port: 443, metadata: { onex_node_type: "EFFECT_GENERIC", zone: "eu-1" } });
    expect(discovery.instances.get("n1")?.metadata).not.toHaveProperty("nested");
  });

  it("reports a backend that failed every retry while the other succeeded", async () => {
    const { container, discovery, store } = scope();
    store.failUpsert = 100;
    const output = await new NodeRegistryEffect(container, instant).process({ operation: "registry.register", payload: { node: NODE } });
    expect(output.success).toBe(false);
    expect(output.result).toMatchObject({
      success: false,
      outcomes: [
        { backend: "consul", success: true, retry_count: 0 },
        { backend: "postgres", success: false, retry_count: 3, error_code: "DATABASE_CONNECTION_ERROR" },
      ],
    });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([1, 4]);
    expect(output.error?.errorCode).toBe("DATABASE_CONNECTION_ERROR");
  });

  it("does not retry an invalid payload", async () => {
    const { container, discovery } = scope();
    const output = await new NodeRegistryEffect(container, instant).process({ operation: "registry.register", payload: { node: { ...NODE, endpoint: "mailto:ops@example.com" } } });
    expect(output.success).toBe(false);
    expect(output.result).toMatchObject({ outcomes: [{ backend: "consul", success: false, retry_count: 0, error_code: "VALIDATION_ERROR" }, { backend: "postgres", success: true }] });
    expect(discovery.registerCalls).toBe(0);
  });

  it("deregisters from Consul", async () => {
    const { container, discovery } = scope();
    const effect = new NodeRegistryEffect(container, instant);
    await effect.process({ operation: "registry.register", payload: { node: NODE } });
    const output = await effect.process({ operation: "registry.deregister", payload: { node_id: "n1" } });
    expect(output.result).toMatchObject({ operation: "registry.deregister", success: true, outcomes: [{ backend: "consul", success: true }] });
    expect(discovery.instances.size).toBe(0);
  });
});

describe("node_registration_storage_effect", () => {
  it("stores only newer sequences and reads them back", async () => {
    const { container } = scope();
    const storage = new NodeRegistrationStorageEffect(container, instant);
    expect((await storage.process({ operation: "registration.store", payload: { projection: row() } })).result).toEqual({ node_id: "n1", applied: true, sequence: 3 });
    const stale = await storage.process({ operation: "registration.store", payload: { projection: row({ sequence: 2, registration_state: "failed" }) } });
    expect(stale.result).toEqual({ node_id: "n1", applied: false, sequence: 3 });
    const got = await storage.process({ operation: "registration.get", payload: { node_id: "n1" } });
    expect(got.result).toMatchObject({ projection: { registration_state: "active", sequence: 3 } });
    expect((await storage.process({ operation: "registration.get", payload: { node_id: "n2" } })).result).toEqual({ projection: null });
  });

  it("lists by state and heartbeat age, and expires only a still-stale active row", async () => {
    const { container } = scope();
    const storage = new NodeRegistrationStorageEffect(container, instant);
    await storage.process({ operation: "registration.store", payload: { projection: row() } });
    await storage.process({ operation: "registration.store", payload: { projection: row({ node_id: "n2", last_heartbeat_at: "2030-01-01T00:01:00.000Z" }) } });
    const listed = await storage.process({ operation: "registration.list", payload: { registration_state: "active", heartbeat_before: "2030-01-01T00:00:30.000Z" } });
    expect(listed.result).toMatchObject({ projections: [{ node_id: "n1" }] });

    const expired = row({ registration_state: "expired", sequence: 4 });
    const applied = await storage.process({ operation: "registration.expire", payload: { projection: expired, heartbeat_before: "2030-01-01T00:00:30.000Z" } });
    expect(applied.result).toEqual({ node_id: "n1", applied: true });
    const late = await storage.process({ operation: "registration.expire", payload: { projection: { ...expired, node_id: "n2" }, heartbeat_before: "2030-01-01T00:00:30.000Z" } });
    expect(late.result).toEqual({ node_id: "n2", applied: false });
  });

  it("refuses to expire with a projection that is not expired", async () => {
    const { container } = scope();
    const output = await new NodeRegistrationStorageEffect(container, instant).process({ operation: "registration.expire", payload: { projection: row(), heartbeat_before: "2030-01-01T00:00:30.000Z" } });
    expect(output.success).toBe(false);
    expect(output.error?.errorCode).toBe("VALIDATION_ERROR");
  });
});

describe("node_service_discovery_effect", () => {
  it("discovers the instances of a service and deregisters one", async () => {
    const { container, discovery } = scope();
    await discovery.register({ serviceId: "n1", serviceName: "vault_adapter", address: "10.0.0.1", port: 8200, tags: ["EFFECT_GENERIC"], metadata: { zone: "eu-1" } });
    const effect = new NodeServiceDiscoveryEffect(container, instant);
    const found = await effect.process({ operation: "discovery.discover", payload: { service_name: "vault_adapter" } });
    expect(found.result).toEqual({
      service_name: "vault_adapter",
      instances: [{ service_id: "n1", service_name: "vault_adapter", address: "10.0.0.1", port: 8200, tags: ["EFFECT_GENERIC"], metadata: { zone: "eu-1" }, healthy: true }],
    });
    const removed = await effect.process({ operation: "discovery.deregister", payload: { service_id: "n1" } });
    expect(removed.result).toEqual({ service_id: "n1", deregistered: true });
    expect(discovery.instances.size).toBe(0);
  });
});
