import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import { EnumCircuitState } from "../src/enums/enum-circuit-state.js";
import { EnvelopeValidationError } from "../src/errors/error-envelope-validation.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { EventBusInmemory } from "../src/event-bus/event-bus-inmemory.js";
import { NodeRegistrationOrchestrator } from "../src/nodes/node_registration_orchestrator/v1_0_0/node.js";
import { RegistrationProjectionStoreInmemory } from "../src/registration/registration-projection-store-inmemory.js";
import { registerRegistrationWorkflow, RegistrationWorkflowToken } from "../src/registration/registration-workflow.js";
import { RegistrationServiceTokens } from "../src/registration/util-registration-tokens.js";
import { InfraServiceTokens } from "../src/wiring/util-wire-infrastructure-services.js";
import { createRegistrationHarness, FakeServiceDiscovery, heartbeat, introspection } from "./support/registration-fakes.js";
import { waitFor } from "./support/util-wait-for.js";

const REGISTERED_TOPIC = "test.onex.evt.registration.node-registered.v1";

async function rejection(promise: Promise<unknown>): Promise<ModelOnexError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ModelOnexError)) throw new Error("expected a ModelOnexError rejection");
  return error;
}

describe("registration workflow: introspection", () => {
  it("registers a node in both backends, stores it active and publishes node.registered once", async () => {
    const { workflow, discovery, store, bus } = await createRegistrationHarness();
    const event = introspection("n1");
    const outcome = await workflow.handleIntrospection(event);

    expect(outcome).toMatchObject({ outcome: "registered", previous_state: null, current_state: "active", published: true, consul_registered: true, postgres_upserted: true });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([1, 1]);
    expect(discovery.instances.get("n1")).toMatchObject({
      serviceName: "postgres_adapter",
      address: "10.0.0.5",
      port: 8085,
      tags: ["EFFECT_GENERIC", "version:1.0.0", "capability:db.query", "capability:db.execute"],
    });
    expect(await store.get("n1")).toMatchObject({ registration_state: "active", last_heartbeat_at: "2030-01-01T00:00:00.000Z", endpoint: "http://10.0.0.5:8085" });

    expect(bus.published.map((p) => [p.topic, p.key])).toEqual([[REGISTERED_TOPIC, "n1"]]);
    const [registered] = bus.ofType("node.registered");
    expect(registered?.correlation_id).toBe(event.correlation_id);
    expect(registered?.causation_id).toBe(event.envelope_id);
    expect(registered?.payload).toMatchObject({ node_id: "n1", node_name: "postgres_adapter", registration_state: "active", capabilities: ["db.query", "db.execute"] });
  });

  it("retries only Consul when Consul fails first: the PostgreSQL upsert is not repeated", async () => {
    const { workflow, discovery, store, bus } = await createRegistrationHarness();
    discovery.failRegister = 1;
    const outcome = await workflow.handleIntrospection(introspection("n1"));
    expect(outcome.outcome).toBe("registered");
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([2, 1]);
    expect(bus.ofType("node.registered")).toHaveLength(1);
  });

  it("marks the node failed when both backends keep failing, and a retry registers it", async () => {
    const { workflow, discovery, store, bus } = await createRegistrationHarness();
    discovery.failRegister = 100;
    store.failUpsert = 100;
    const failed = await workflow.handleIntrospection(introspection("n1"));
    expect(failed).toMatchObject({ outcome: "failed", current_state: "failed", published: false, consul_registered: false, postgres_upserted: false });
    expect(failed.reason).toContain("consul:");
    expect(failed.reason).toContain("postgres:");
    expect((await store.get("n1"))?.registration_state).toBe("failed");
    expect(bus.published).toEqual([]);

    discovery.failRegister = 0;
    store.failUpsert = 0;
    const report = await workflow.tick();
    expect(report.retried?.outcomes.map((o) => [o.node_id, o.outcome])).toEqual([["n1", "registered"]]);
    expect((await store.get("n1"))?.registration_state).toBe("active");
    expect(bus.ofType("node.registered")).toHaveLength(1);
  });

  it("retries a partial failure for the failed backend only", async () => {
    const { workflow, discovery, store } = await createRegistrationHarness();
    discovery.failRegister = 4; // the first attempt and the three retries of the registry effect's policy
    const failed = await workflow.handleIntrospection(introspection("n1"));
    expect(failed).toMatchObject({ outcome: "failed", consul_registered: false, postgres_upserted: true });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([4, 1]);

    const retried = await workflow.retryFailedRegistrations();
    expect(retried.outcomes[0]).toMatchObject({ outcome: "registered", previous_state: "failed", current_state: "active" });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([5, 1]);
  });

  it("treats a duplicate introspection as a no-op", async () => {
    const { workflow, discovery, store, bus } = await createRegistrationHarness();
    const first = await workflow.handleIntrospection(introspection("n1"));
    const second = await workflow.handleIntrospection(introspection("n1"));
    expect(second).toMatchObject({ outcome: "duplicate", current_state: "active", sequence: first.sequence, published: false });
    expect([discovery.registerCalls, store.upsertCalls]).toEqual([1, 1]);
    expect(bus.ofType("node.registered")).toHaveLength(1);
  });

  it("serialises concurrent introspections of one node: one registration, one duplicate", async () => {
    const { workflow, discovery, bus } = await createRegistrationHarness();
    const outcomes = await Promise.all([workflow.handleIntrospection(introspection("n1")), workflow.handleIntrospection(introspection("n1"))]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["duplicate", "registered"]);
    expect(discovery.registerCalls).toBe(1);
    expect(bus.ofType("node.registered")).toHaveLength(1);
  });

  it("registers again when an active node introspects with a new description", async () => {
    const { workflow, discovery, store, bus } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    const updated = await workflow.handleIntrospection(introspection("n1", { node_version: "1.1.0" }));
    expect(updated).toMatchObject({ outcome: "registered", previous_state: "active", current_state: "active" });
    expect((await store.get("n1"))?.node_version).toBe("1.1.0");
    expect(discovery.instances.get("n1")?.tags).toContain("version:1.1.0");
    expect(bus.ofType("node.registered").map((e) => e.payload["node_version"])).toEqual(["1.0.0", "1.1.0"]);
  });

  it("rejects when node.registered cannot be published, and publishes it on the redelivered introspection", async () => {
    const { workflow, discovery, bus } = await createRegistrationHarness();
    bus.failPublish = 1;
    const event = introspection("n1");
    const error = await rejection(workflow.handleIntrospection(event));
    expect(error.errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
    expect(error.isRetryable).toBe(true);

    const redelivered = await workflow.handleIntrospection(event);
    expect(redelivered).toMatchObject({ outcome: "announced", published: true, current_state: "active" });
    expect(discovery.registerCalls).toBe(1);
    expect(bus.ofType("node.registered")).toHaveLength(1);
    expect((await workflow.handleIntrospection(event)).outcome).toBe("duplicate");
  });

  it("rejects with a retryable error when the projection cannot be stored", async () => {
    const { workflow, store, bus } = await createRegistrationHarness();
    store.failStore = 100;
    const error = await rejection(workflow.handleIntrospection(introspection("n1")));
    expect(error.errorCode).toBe(EnumCoreErrorCode.DATABASE_CONNECTION_ERROR);
    expect(error.isRetryable).toBe(true);
    expect(bus.published).toEqual([]);
  });

  it("rejects an invalid introspection payload naming the field, without calling any backend", async () => {
    const { workflow, discovery, store } = await createRegistrationHarness();
    const error = await rejection(workflow.handleIntrospection(introspection("n1", { node_type: "SIDECAR", endpoint: "not a url" })));
    expect(error).toBeInstanceOf(EnvelopeValidationError);
    expect(error.message).toContain("node_type");
    expect(error.message).toContain("endpoint");
    expect([discovery.registerCalls, store.upsertCalls, store.storeCalls]).toEqual([0, 0, 0]);
  });

  it("keeps one breaker per backend: Consul failures open registration:consul and leave registration:postgres closed", async () => {
    const { workflow, discovery, container } = await createRegistrationHarness();
    discovery.failRegister = 1_000;
    await workflow.handleIntrospection(introspection("n1"));
    await workflow.handleIntrospection(introspection("n2"));
    const breakers = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    expect(breakers.get("registration:consul").state).toBe(EnumCircuitState.OPEN);
    expect(breakers.get("registration:postgres").state).toBe(EnumCircuitState.CLOSED);
    expect(discovery.registerCalls).toBe(5);
  });
});

describe("registration workflow: heartbeats, expiry and deregistration", () => {
  it("keeps a node active while heartbeats arrive within the timeout", async () => {
    const { workflow, store, clock } = await createRegistrationHarness();
    const registered = await workflow.handleIntrospection(introspection("n1"));
    clock.advance(20_000);
    const beat = await workflow.handleHeartbeat(heartbeat("n1"));
    expect(beat).toMatchObject({ outcome: "heartbeat", current_state: "active", sequence: (registered.sequence ?? 0) + 1 });
    clock.advance(20_000);
    const report = await workflow.tick();
    expect(report.expired.examined).toBe(0);
    expect(await store.get("n1")).toMatchObject({ registration_state: "active", last_heartbeat_at: "2030-01-01T00:00:20.000Z" });
  });

  it("expires a silent node on the tick and removes it from discovery", async () => {
    const { workflow, discovery, store, clock } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    await workflow.handleIntrospection(introspection("n2"));
    clock.advance(20_000);
    await workflow.handleHeartbeat(heartbeat("n2"));
    clock.advance(15_000);
    const report = await workflow.tick();
    expect(report.expired.outcomes.map((o) => [o.node_id, o.outcome, o.discovery_deregistered])).toEqual([["n1", "expired", true]]);
    expect((await store.get("n1"))?.registration_state).toBe("expired");
    expect((await store.get("n2"))?.registration_state).toBe("active");
    expect([...discovery.instances.keys()]).toEqual(["n2"]);
    expect((await workflow.handleHeartbeat(heartbeat("n1"))).outcome).toBe("ignored");
  });

  it("registers an expired node again when it introspects", async () => {
    const { workflow, discovery, bus, clock } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    clock.advance(31_000);
    await workflow.tick();
    const back = await workflow.handleIntrospection(introspection("n1"));
    expect(back).toMatchObject({ outcome: "registered", previous_state: "expired", current_state: "active" });
    expect(discovery.instances.has("n1")).toBe(true);
    expect(bus.ofType("node.registered")).toHaveLength(2);
  });

  it("does not expire a node whose heartbeat is stored after it was listed", async () => {
    const { workflow, store, clock } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    clock.advance(31_000);
    const cutoff = new Date(clock.now().getTime() - 30_000).toISOString();
    await workflow.handleHeartbeat(heartbeat("n1"));
    const orchestrator = workflow.scope.resolveService(RegistrationServiceTokens.orchestrator);
    const outcome = await orchestrator.expireNode("n1", cutoff);
    expect(outcome).toMatchObject({ outcome: "ignored", reason: "not expired: heartbeat is recent" });
    expect((await store.get("n1"))?.registration_state).toBe("active");
  });

  it("makes deregistration terminal and removes the node from discovery", async () => {
    const { workflow, discovery, clock } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    const deregistered = await workflow.deregister("n1");
    expect(deregistered).toMatchObject({ outcome: "deregistered", previous_state: "active", current_state: "deregistered", discovery_deregistered: true });
    expect(discovery.instances.size).toBe(0);
    expect((await workflow.handleHeartbeat(heartbeat("n1"))).outcome).toBe("ignored");
    expect((await workflow.deregister("n1")).outcome).toBe("ignored");
    clock.advance(120_000);
    expect((await workflow.tick()).expired.examined).toBe(0);
  });

  it("starts a new lifecycle, with a newer sequence, when a deregistered node introspects again", async () => {
    const { workflow, store } = await createRegistrationHarness();
    await workflow.handleIntrospection(introspection("n1"));
    const deregistered = await workflow.deregister("n1");
    const again = await workflow.handleIntrospection(introspection("n1"));
    expect(again).toMatchObject({ outcome: "registered", previous_state: "deregistered", current_state: "active" });
    expect(again.sequence ?? 0).toBeGreaterThan(deregistered.sequence ?? 0);
    expect((await store.get("n1"))?.registration_state).toBe("active");
  });
});

describe("registration workflow: interrupted runs and the orchestrator graph", () => {
  it("recovers a node whose run stopped after the PostgreSQL upsert: it registers or deregisters from a new lifecycle", async () => {
    const { workflow, store, discovery } = await createRegistrationHarness();
    const description = { node_id: "n1", node_name: "postgres_adapter", node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: "http://10.0.0.5:8085", capabilities: [], metadata: {} };
    await store.upsertDescription(description, "2030-01-01T00:00:00.000Z");
    await store.upsertDescription({ ...description, node_id: "n2" }, "2030-01-01T00:00:00.000Z");
    expect((await workflow.handleIntrospection(introspection("n1"))).outcome).toBe("registered");
    const dropped = await workflow.deregister("n2");
    expect(dropped).toMatchObject({ outcome: "deregistered", previous_state: "registering", current_state: "deregistered", discovery_deregistered: true });
    expect(discovery.deregisterCalls).toBe(1);
    expect((await store.get("n2"))?.registration_state).toBe("deregistered");
  });

  it("runs the contract's graph as a ProtocolOrchestratorNode, Consul and PostgreSQL side by side", async () => {
    const { workflow } = await createRegistrationHarness();
    const output = await new NodeRegistrationOrchestrator(workflow.scope).process({ payload: { introspection: introspection("n1").payload } });
    expect(output.state).toBe("completed");
    expect(output.execution_order).toEqual([
      "load_projection",
      "reduce_introspection",
      "register_consul",
      "upsert_postgres",
      "reduce_outcome",
      "persist_projection",
      "publish_registered",
      "record_announcement",
      "persist_announcement",
    ]);
    expect(output.failed_steps).toEqual([]);
    expect(output.step_results["reduce_outcome"]?.output).toEqual({ state: "active" });
  });
});

describe("registration workflow: node registry", () => {
  it("registers, lists, heartbeats and deregisters through ProtocolNodeRegistry", async () => {
    const { workflow, discovery } = await createRegistrationHarness();
    const registry = workflow.nodeRegistry();
    const record = await registry.registerNode({
      nodeId: "n9",
      nodeName: "consul_adapter",
      nodeType: "EFFECT_GENERIC",
      nodeVersion: "2.0.0",
      endpoints: { default: "http://10.0.0.9:9000" },
      capabilities: ["consul.register"],
    });
    expect(record).toMatchObject({ nodeId: "n9", registrationState: "active", endpoints: { default: "http://10.0.0.9:9000" }, lastHeartbeatAt: "2030-01-01T00:00:00.000Z" });
    expect(discovery.instances.get("n9")?.port).toBe(9000);
    expect((await registry.listNodes({ nodeType: "EFFECT_GENERIC" })).map((r) => r.nodeId)).toEqual(["n9"]);
    await registry.heartbeat("n9");
    const missing = await rejection(registry.heartbeat("nope"));
    expect(missing.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(missing.message).toContain("nope");
    expect(await registry.deregisterNode("n9")).toBe(true);
    expect(await registry.getNode("n9")).toBeNull();
    expect(await registry.listNodes()).toEqual([]);
    expect((await registry.listNodes({ registrationState: "deregistered" })).map((r) => r.nodeId)).toEqual(["n9"]);
    expect(await registry.deregisterNode("n9")).toBe(false);
  });
});

describe("registration workflow: wiring", () => {
  it("restores each node's state from the projection after a restart", async () => {
    const before = await createRegistrationHarness();
    await before.workflow.handleIntrospection(introspection("n1"));
    const after = await createRegistrationHarness({ store: before.store });
    expect((await after.workflow.handleIntrospection(introspection("n1"))).outcome).toBe("duplicate");
    expect((await after.workflow.handleHeartbeat(heartbeat("n1"))).outcome).toBe("heartbeat");
    expect(after.discovery.registerCalls).toBe(0);
  });

  it("registers the facade in the container and subscribes it to the introspection and heartbeat topics", async () => {
    const bus = new EventBusInmemory();
    await bus.start();
    const { workflow, container, store } = await createRegistrationHarness({ bus });
    expect(container.resolveService(RegistrationWorkflowToken)).toBe(workflow);
    expect(workflow.topics).toEqual({
      introspection: "test.onex.evt.node.introspection.v1",
      heartbeat: "test.onex.evt.node.heartbeat.v1",
      registered: REGISTERED_TOPIC,
      dlq: "test.onex.dlq.registration.node-registration.v1",
    });
    await workflow.start("reg");
    // One consumer group per topic: on Kafka, two topics in one group leave partitions unconsumed.
    const groups = ((await bus.health()).details["groups"] ?? []) as { topic: string; groupId: string }[];
    expect(groups.map((g) => [g.topic, g.groupId]).sort()).toEqual([
      ["test.onex.evt.node.heartbeat.v1", "reg.heartbeat"],
      ["test.onex.evt.node.introspection.v1", "reg.introspection"],
    ]);
    await bus.publishEnvelope(workflow.topics.introspection, introspection("n1"));
    await waitFor(async () => (await store.get("n1"))?.registration_state === "active", { timeoutMs: 10_000, description: "n1 active" });
    await workflow.stop();
    await bus.shutdown();
  });

  it("refuses to wire without service discovery, or with an environment that cannot be a topic segment", async () => {
    const container = new ModelONEXContainer();
    const missing = await rejection(registerRegistrationWorkflow(container, { env: "test", store: new RegistrationProjectionStoreInmemory() }));
    expect(missing).toBeInstanceOf(ProtocolConfigurationError);
    expect(missing.message).toContain("onex.spi.ProtocolServiceDiscovery");
    const badEnv = await rejection(registerRegistrationWorkflow(container, { env: "Prod Env", store: new RegistrationProjectionStoreInmemory(), discovery: new FakeServiceDiscovery() }));
    expect(badEnv.message).toContain("env");
  });
});
