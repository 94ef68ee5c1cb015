// The registration workflow on the real services: PostgreSQL (one table per run, dropped afterwards) through
// DatabaseConnectionPg, Consul's HTTP API (the in-process ConsulApiServer, or a real agent with CONSUL_HTTP_ADDR)
// through HandlerConsul and ServiceDiscoveryConsul, and the in-memory event bus driving the workflow by events.
import { createEventEnvelope, ModelONEXContainer, type ModelEventEnvelope } from "@onex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseConnectionPg } from "../src/database/database-connection-pg.js";
import { EventBusInmemory } from "../src/event-bus/event-bus-inmemory.js";
import { HandlerConsul } from "../src/handlers/handler-consul.js";
import { ServiceDiscoveryConsul } from "../src/handlers/service-discovery-consul.js";
import { migration002NodeRegistrationsId } from "../src/registration/migration-002-node-registrations.js";
import { RegistrationProjectionStorePostgres } from "../src/registration/registration-projection-store-postgres.js";
import { registerRegistrationWorkflow, type RegistrationWorkflow } from "../src/registration/registration-workflow.js";
import { wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { consulTarget, type ConsulTarget } from "./support/consul-target.js";
import { defineProjectionStoreScenarios } from "./support/registration-store-scenarios.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

const db = new DatabaseConnectionPg({ connectionString: testServices.postgresUrl, poolSize: 4 });
const prefix = uniqueName("reg").replace(/[^a-z0-9]/g, "_");
const tables: string[] = [];

function table(suffix: string): string {
  const name = `${prefix}_${suffix}`;
  tables.push(name);
  return name;
}

afterAll(async () => {
  for (const name of tables) {
    await db.execute(`drop table if exists "${name}"`);
    await db.execute("delete from onex_schema_migrations where id = $1", [migration002NodeRegistrationsId(name)]);
  }
  await db.close();
});

let stores = 0;
defineProjectionStoreScenarios("postgresql", async () => {
  stores += 1;
  const store = new RegistrationProjectionStorePostgres(db, { table: table(`s${stores}`) });
  await store.migrate();
  return store;
});

describe("registration workflow on PostgreSQL, Consul's API and the event bus", () => {
  let consul: ConsulTarget;
  let handler: HandlerConsul;
  let bus: EventBusInmemory;
  let workflow: RegistrationWorkflow;
  let projection: string;
  let clock = Date.parse("2030-01-01T00:00:00.000Z");
  const registered: ModelEventEnvelope[] = [];

  beforeAll(async () => {
    consul = await consulTarget();
    handler = new HandlerConsul();
    await handler.initialize({ address: consul.address, ...(consul.token === undefined ? {} : { token: consul.token }) });
    bus = new EventBusInmemory();
    await bus.start();
    const container = new ModelONEXContainer();
    wireInfrastructureServices(container);
    projection = table("workflow");
    workflow = await registerRegistrationWorkflow(container, {
      env: "itest",
      db,
      discovery: new ServiceDiscoveryConsul(handler),
      bus,
      table: projection,
      heartbeatTimeoutMs: 30_000,
      now: () => new Date(clock),
      effects: { sleep: () => Promise.resolve() },
    });
    await bus.subscribe(workflow.topics.registered, "itest-observer", (envelope) => {
      registered.push(envelope);
      return Promise.resolve();
    });
    await workflow.start("itest-registration");
  });

  afterAll(async () => {
    await workflow.stop();
    await bus.shutdown();
    await handler.shutdown();
    await consul.close();
  });

  const nodeId = `${prefix}-node`.replace(/_/g, "-");
  const serviceName = `${prefix}-svc`.replace(/_/g, "-");

  it("takes an introspection event to an active node in the PostgreSQL projection and in discovery", async () => {
    const event = createEventEnvelope({
      event_type: "node.introspection",
      source: "itest",
      payload: { node_id: nodeId, node_name: serviceName, node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: "http://127.0.0.1:18085", capabilities: ["db.query"] },
    });
    await bus.publishEnvelope(workflow.topics.introspection, event);
    await waitFor(() => registered.length === 1, { timeoutMs: 20_000, description: "node.registered" });

    const row = await db.query<{ registration_state: string; sequence: string; node_name: string; capabilities: unknown }>(
      `select registration_state, sequence::text as sequence, node_name, capabilities from "${projection}" where node_id = $1`,
      [nodeId],
    );
    expect(row.rows).toEqual([{ registration_state: "active", sequence: "4", node_name: serviceName, capabilities: ["db.query"] }]);
    const instances = await new ServiceDiscoveryConsul(handler).discover(serviceName);
    expect(instances.map((i) => [i.serviceId, i.address, i.port])).toEqual([[nodeId, "127.0.0.1", 18085]]);
    expect(registered[0]?.correlation_id).toBe(event.correlation_id);
    expect(await workflow.nodeRegistry().getNode(nodeId)).toMatchObject({ registrationState: "active", nodeName: serviceName });
  });

  it("keeps the node on heartbeats and expires it from PostgreSQL and discovery once they stop", async () => {
    clock += 20_000;
    await bus.publishEnvelope(workflow.topics.heartbeat, createEventEnvelope({ event_type: "node.heartbeat", source: "itest", payload: { node_id: nodeId } }));
    await waitFor(async () => (await workflow.nodeRegistry().getNode(nodeId))?.lastHeartbeatAt === new Date(clock).toISOString(), {
      timeoutMs: 20_000,
      description: "the heartbeat in the projection",
    });
    clock += 20_000;
    expect((await workflow.tick()).expired.outcomes).toEqual([]);
    clock += 15_000;
    const report = await workflow.tick();
    expect(report.expired.outcomes.map((o) => [o.node_id, o.outcome, o.discovery_deregistered])).toEqual([[nodeId, "expired", true]]);
    expect((await workflow.nodeRegistry().getNode(nodeId))?.registrationState).toBe("expired");
    expect(await new ServiceDiscoveryConsul(handler).discover(serviceName, { includeUnhealthy: true })).toEqual([]);
  });
});
