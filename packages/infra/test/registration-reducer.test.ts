import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import { NodeRegistrationReducer } from "../src/nodes/node_registration_reducer/v1_0_0/node.js";

const NODE = {
  node_id: "n1",
  node_name: "postgres_adapter",
  node_type: "EFFECT_GENERIC",
  node_version: "1.0.0",
  endpoint: "http://10.0.0.5:8085",
  capabilities: ["db.query"],
  metadata: {},
  last_heartbeat_at: "2030-01-01T00:00:00.000Z",
};

function reducer(): NodeRegistrationReducer {
  return new NodeRegistrationReducer(new ModelONEXContainer());
}

async function registering(r: NodeRegistrationReducer): Promise<Record<string, unknown>> {
  const introspected = await r.process({ trigger: "introspection_received", data: NODE });
  return (await r.process({ trigger: "registration_started", snapshot: introspected.snapshot })).snapshot;
}

async function rejection(promise: Promise<unknown>): Promise<ModelOnexError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ModelOnexError)) throw new Error("expected a ModelOnexError rejection");
  return error;
}

describe("NodeRegistrationReducer", () => {
  it("moves a new node from pending to introspected and asks for both backends when registration starts", async () => {
    const r = reducer();
    const introspected = await r.process({ trigger: "introspection_received", data: NODE, snapshot: null });
    expect([introspected.previous_state, introspected.current_state, introspected.sequence]).toEqual(["pending", "introspected", 1]);
    const started = await r.process({ trigger: "registration_started", snapshot: introspected.snapshot });
    expect(started.current_state).toBe("registering");
    expect(started.intents.map((i) => [i.intent_type, i.target])).toEqual([
      ["register_in_consul", "node_registry_effect"],
      ["upsert_in_postgres", "node_registry_effect"],
    ]);
  });

  it("refuses an introspection without a node id", async () => {
    const { node_id: _omitted, ...withoutId } = NODE;
    const error = await rejection(reducer().process({ trigger: "introspection_received", data: withoutId }));
    expect(error.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect(error.message).toContain("node_id");
  });

  it("becomes active only when both Consul and PostgreSQL acknowledged", async () => {
    const r = reducer();
    const snapshot = await registering(r);
    const refused = await rejection(r.process({ trigger: "registration_succeeded", data: { consul_registered: true, postgres_upserted: false }, snapshot }));
    expect(refused.errorCode).toBe(EnumCoreErrorCode.INVALID_STATE_TRANSITION);
    expect(refused.message).toContain("postgres_upserted is_true");
    const active = await r.process({ trigger: "registration_succeeded", data: { consul_registered: true, postgres_upserted: true }, snapshot });
    expect(active.current_state).toBe("active");
    expect(active.intents.map((i) => i.intent_type)).toEqual(["persist_projection", "emit_node_registered"]);
  });

  it("fails when a backend did not acknowledge, and retries from failed", async () => {
    const r = reducer();
    const snapshot = await registering(r);
    const failed = await r.process({ trigger: "registration_failed", data: { consul_registered: false, postgres_upserted: true }, snapshot });
    expect(failed.current_state).toBe("failed");
    const retried = await r.process({ trigger: "retry_registration", snapshot: failed.snapshot });
    expect(retried.current_state).toBe("registering");
    expect(retried.data.postgres_upserted).toBe(true);
  });

  it("keeps an active node active on a heartbeat and records its time", async () => {
    const r = reducer();
    const active = await r.process({ trigger: "registration_succeeded", data: { consul_registered: true, postgres_upserted: true }, snapshot: await registering(r) });
    const beat = await r.process({ trigger: "heartbeat_received", data: { last_heartbeat_at: "2030-01-01T00:00:20.000Z" }, snapshot: active.snapshot });
    expect([beat.previous_state, beat.current_state]).toEqual(["active", "active"]);
    expect(beat.data.last_heartbeat_at).toBe("2030-01-01T00:00:20.000Z");
    expect(beat.sequence).toBe(active.sequence + 1);
  });

  it("expires an active node on heartbeat_timeout and asks to remove it from discovery", async () => {
    const r = reducer();
    const active = await r.process({ trigger: "registration_succeeded", data: { consul_registered: true, postgres_upserted: true }, snapshot: await registering(r) });
    const expired = await r.process({ trigger: "heartbeat_timeout", snapshot: active.snapshot });
    expect(expired.current_state).toBe("expired");
    expect(expired.intents.map((i) => i.intent_type)).toContain("deregister_from_consul");
    const again = await r.process({ trigger: "introspection_received", data: NODE, snapshot: expired.snapshot });
    expect(again.current_state).toBe("introspected");
  });

  it("makes deregistered terminal: no trigger is accepted afterwards", async () => {
    const r = reducer();
    const deregistered = await r.process({ trigger: "deregister", snapshot: await registering(r) });
    expect(deregistered.is_terminal).toBe(true);
    for (const trigger of ["introspection_received", "heartbeat_received", "deregister"]) {
      const error = await rejection(r.process({ trigger, data: NODE, snapshot: deregistered.snapshot }));
      expect(error.errorCode).toBe(EnumCoreErrorCode.INVALID_STATE_TRANSITION);
    }
  });

  it("keeps no state between calls: each call applies to the snapshot it is given", async () => {
    const r = reducer();
    const a = await r.process({ trigger: "introspection_received", data: NODE });
    await r.process({ trigger: "introspection_received", data: { ...NODE, node_id: "n2" } });
    const started = await r.process({ trigger: "registration_started", snapshot: a.snapshot });
    expect(started.data.node_id).toBe("n1");
  });

  it("refuses a snapshot of another state machine", async () => {
    const error = await rejection(reducer().process({ trigger: "deregister", snapshot: { state_machine_name: "other", state: "pending", data: {}, history: [], version: 0 } }));
    expect(error.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
  });

  it("starts a new lifecycle that continues the sequence", async () => {
    const r = reducer();
    const next = await r.process({ trigger: "introspection_received", data: NODE, snapshot: r.initialSnapshot(7) });
    expect([next.previous_state, next.sequence]).toEqual(["pending", 8]);
  });
});
