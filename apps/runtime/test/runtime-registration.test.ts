// The node-registration workflow inside the runtime: introspection events on the bus register nodes (projection +
// discovery), the hub lists them, the tick expires nodes that stopped sending heartbeats, and the drain stops it all.
import { ModelONEXContainer, createEventEnvelope } from "@onex/core";
import { EventBusInmemory, IdempotencyStoreInmemory, RegistrationProjectionStoreInmemory, RegistryInfraKafkaAdapter, RegistryInfraPostgresAdapter, ServiceDiscoveryInmemory } from "@onex/infra";
import { afterEach, describe, expect, it } from "vitest";
import { parseRuntimeConfig } from "../src/config/util-load-config.js";
import { RuntimeHost } from "../src/host/runtime-host.js";
import { registrationTickIntervalMs } from "../src/host/runtime-registration.js";
import { registerAdapterNodes } from "../src/host/util-adapter-nodes.js";
import { createRuntimeHub } from "../src/http/runtime-hub-server.js";
import { FakeHandler } from "./support/fake-handler.js";
import { captureLogger, testConfig, type LogCapture } from "./support/runtime-fixture.js";

let host: RuntimeHost | undefined;

afterEach(async () => {
  await host?.stop();
  host = undefined;
});

interface Started {
  readonly host: RuntimeHost;
  readonly bus: EventBusInmemory;
  readonly discovery: ServiceDiscoveryInmemory;
  readonly logs: LogCapture;
}

async function start(heartbeatTimeoutMs: number, tickIntervalMs: number | null): Promise<Started> {
  const bus = new EventBusInmemory();
  const discovery = new ServiceDiscoveryInmemory();
  const logs = captureLogger();
  host = new RuntimeHost({
    config: testConfig({ registration: { heartbeat_timeout_ms: heartbeatTimeoutMs, tick_interval_ms: tickIntervalMs } }),
    logger: logs.logger,
    instanceId: "registration-test",
    components: {
      bus,
      idempotency: new IdempotencyStoreInmemory(),
      handlers: [{ handler: new FakeHandler() }],
      registration: { discovery, store: new RegistrationProjectionStoreInmemory() },
      closers: [() => Promise.resolve(discovery.close())],
    },
  });
  await host.start();
  return { host, bus, discovery, logs };
}

function introspection(nodeId: string): ReturnType<typeof createEventEnvelope> {
  return createEventEnvelope({
    event_type: "node.introspection",
    source: "test",
    payload: { node_id: nodeId, node_name: "postgres_adapter", node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: "http://127.0.0.1:18085", capabilities: ["db.query"] },
  });
}

describe("node registration in the runtime", () => {
  it("registers a node from its introspection event and lists it through the hub", async () => {
    const { host, bus, discovery } = await start(90_000, null);
    const workflow = host.nodeRegistration?.workflow;
    expect(workflow?.topics.introspection).toBe("test.onex.evt.node.introspection.v1");
    await bus.publishEnvelope("test.onex.evt.node.introspection.v1", introspection("node-a"));
    await expect.poll(async () => (await host.nodes()).map((n) => [n.nodeId, n.registrationState])).toEqual([["node-a", "active"]]);
    expect((await discovery.discover("postgres_adapter", { includeUnhealthy: true })).map((i) => i.serviceId)).toEqual(["node-a"]);

    const hub = createRuntimeHub({ host, logger: captureLogger().logger });
    const response = await hub.inject({ method: "GET", url: "/api/v1/nodes" });
    expect(response.json()).toMatchObject({ nodes: [{ nodeId: "node-a", nodeName: "postgres_adapter", registrationState: "active", capabilities: ["db.query"] }] });
    await hub.close();
  });

  it("takes introspection and heartbeat events through the hub and shows discovery", async () => {
    const { host } = await start(90_000, null);
    const hub = createRuntimeHub({ host, logger: captureLogger().logger });
    const payload = introspection("node-h").payload;
    const accepted = await hub.inject({ method: "POST", url: "/api/v1/nodes/introspection", payload });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ status: "accepted", topic: "test.onex.evt.node.introspection.v1" });
    await expect.poll(async () => (await host.nodes()).map((n) => n.registrationState)).toEqual(["active"]);
    expect((await hub.inject({ method: "POST", url: "/api/v1/nodes/node-h/heartbeat" })).statusCode).toBe(202);
    const found = await hub.inject({ method: "GET", url: "/api/v1/discovery/postgres_adapter?all=1" });
    expect(found.json()).toMatchObject({ service: "postgres_adapter", instances: [{ serviceId: "node-h", port: 18085 }] });

    const bad = await hub.inject({ method: "POST", url: "/api/v1/nodes/introspection", payload: { ...payload, node_version: "one" }, headers: { "x-correlation-id": "bad-node-1" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { errorCode: "VALIDATION_ERROR", correlationId: "bad-node-1" } });
    expect(JSON.stringify(bad.json())).toContain("node_version");
    await hub.close();
  });

  it("expires a node whose heartbeats stopped on the periodic tick", async () => {
    const { host, bus, logs } = await start(200, 20);
    await bus.publishEnvelope("test.onex.evt.node.introspection.v1", introspection("node-b"));
    await expect.poll(async () => (await host.nodes())[0]?.registrationState, { timeout: 5_000 }).toBe("expired");
    expect(logs.lines.some((l) => l.msg === "registration tick" && JSON.stringify(l.expired) === '["node-b"]')).toBe(true);
  });

  it("stops the tick and leaves the registration topics when it stops", async () => {
    const { host, bus } = await start(90_000, 5);
    const registration = host.nodeRegistration;
    const workflow = registration?.workflow;
    if (registration === null || workflow === null || workflow === undefined) throw new Error("registration is not running");
    let ticks = 0;
    const tick = workflow.tick.bind(workflow);
    workflow.tick = (now) => {
      ticks += 1;
      return tick(now);
    };
    await expect.poll(() => ticks).toBeGreaterThan(1);
    await registration.stop();
    const groups = ((await bus.health()).details.groups ?? []) as { topic: string; members: number }[];
    const registrationGroups = groups.filter((g) => g.topic.startsWith("test.onex.evt.node."));
    expect(registrationGroups.map((g) => g.members)).toEqual([0, 0]);
    const stoppedAt = ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(stoppedAt);
  });

  it("runs the tick every third of the heartbeat timeout unless told otherwise", () => {
    expect(registrationTickIntervalMs(testConfig().registration)).toBe(30_000);
    const { config } = parseRuntimeConfig(null, null, { ONEX_HEARTBEAT_TIMEOUT_MS: "600", ONEX_TICK_INTERVAL_MS: "25" }, "/srv");
    expect(config.registration).toMatchObject({ heartbeat_timeout_ms: 600, tick_interval_ms: 25 });
    expect(registrationTickIntervalMs(config.registration)).toBe(25);
  });
});

describe("adapter nodes", () => {
  it("registers the adapter node of every started handler that has one", () => {
    const container = new ModelONEXContainer();
    expect(registerAdapterNodes(container, ["db", "http", "kafka"])).toEqual(["db", "kafka"]);
    expect(RegistryInfraPostgresAdapter.resolve(container).constructor.name).toBe("NodePostgresAdapterEffect");
    expect(container.isRegistered(RegistryInfraKafkaAdapter.tokens.node)).toBe(true);
  });
});
