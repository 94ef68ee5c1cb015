import { describe, expect, it } from "vitest";
import {
  ModelContract,
  ModelONEXContainer,
  ModelOnexError,
  NodeReducer,
  type ModelContractStateMachineInput,
  type NodeReducerOptions,
} from "../src/index.js";

/** A registration-like machine: pending -> introspected -> registering -> active (heartbeat) -> expired, plus failed. */
const registrationMachine: ModelContractStateMachineInput = {
  state_machine_name: "node_registration",
  initial_state: "pending",
  states: [
    { state_name: "pending", exit_actions: ["start_introspection_timer"] },
    { state_name: "introspected", required_data: ["node_id"] },
    { state_name: "registering", required_data: ["node_id", "endpoint"], entry_actions: ["register_node"], exit_actions: ["release_registration_lock"] },
    { state_name: "active", entry_actions: ["publish_node_active"], exit_actions: ["stop_heartbeat_monitor"] },
    { state_name: "expired", entry_actions: ["deregister_node"], is_terminal: true },
    { state_name: "failed", entry_actions: ["publish_registration_failed"] },
  ],
  transitions: [
    { from_state: "pending", to_state: "introspected", trigger: "introspect", conditions: [{ expression: "node_id is_present" }] },
    { from_state: "introspected", to_state: "registering", trigger: "register", conditions: [{ expression: "endpoint is_valid" }] },
    {
      from_state: "registering",
      to_state: "active",
      trigger: "registration_confirmed",
      conditions: [
        { expression: 'health equals "ok"', required: true },
        { expression: "consul_registered is_true", required: false },
      ],
      actions: [{ action_name: "confirm_registration", action_type: "emit_intent" }],
    },
    { from_state: "registering", to_state: "introspected", trigger: "fail", actions: [{ action_name: "schedule_registration_retry", action_type: "emit_intent" }] },
    { from_state: "active", to_state: "active", trigger: "heartbeat", actions: [{ action_name: "refresh_ttl", action_type: "emit_intent" }] },
    { from_state: "active", to_state: "expired", trigger: "ttl_expired" },
    { from_state: "*", to_state: "failed", trigger: "fail" },
  ],
  terminal_states: ["failed"],
};

function reducer(options: NodeReducerOptions = {}): NodeReducer {
  return new NodeReducer(new ModelONEXContainer(), registrationMachine, options);
}

function refusal(work: () => unknown): ModelOnexError {
  try {
    work();
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected a ModelOnexError");
}

/** Drives a fresh reducer to `active`. */
function activeReducer(options: NodeReducerOptions = {}): NodeReducer {
  const node = reducer(options);
  node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
  node.processSync({ trigger: "register", data: { endpoint: "http://10.0.0.1:8080" } });
  node.processSync({ trigger: "registration_confirmed", data: { health: "ok", consul_registered: true } });
  return node;
}

describe("NodeReducer: the registration FSM, path by path", () => {
  it("starts in the initial state with no data", () => {
    const node = reducer();
    expect(node.state).toBe("pending");
    expect(node.data).toEqual({});
    expect(node.version).toBe(0);
    expect(node.allowedTriggers()).toEqual(["fail", "introspect"]);
  });

  it("walks pending -> introspected -> registering -> active -> active (heartbeat) -> expired", async () => {
    const node = reducer();
    const introspected = await node.process({ trigger: "introspect", data: { node_id: "n-1" }, correlation_id: "corr-1" });
    expect(introspected).toMatchObject({ previous_state: "pending", current_state: "introspected", is_terminal: false, correlation_id: "corr-1", version: 1 });
    const registering = await node.process({ trigger: "register", data: { endpoint: "http://10.0.0.1:8080" } });
    expect(registering.current_state).toBe("registering");
    expect(registering.data).toEqual({ node_id: "n-1", endpoint: "http://10.0.0.1:8080" });
    const active = await node.process({ trigger: "registration_confirmed", data: { health: "ok", consul_registered: true } });
    expect(active.current_state).toBe("active");
    expect(active.advisory_failures).toEqual([]);
    const beat = await node.process({ trigger: "heartbeat", data: { last_seen: 1 } });
    expect(beat).toMatchObject({ previous_state: "active", current_state: "active" });
    const expired = await node.process({ trigger: "ttl_expired" });
    expect(expired).toMatchObject({ current_state: "expired", is_terminal: true, version: 5 });
    expect(node.history.map((h) => [h.sequence, h.from_state, h.to_state, h.trigger])).toEqual([
      [1, "pending", "introspected", "introspect"],
      [2, "introspected", "registering", "register"],
      [3, "registering", "active", "registration_confirmed"],
      [4, "active", "active", "heartbeat"],
      [5, "active", "expired", "ttl_expired"],
    ]);
  });

  it("emits exit, transition and entry actions as intents, in that order", () => {
    const node = reducer();
    node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    const registering = node.processSync({ trigger: "register", data: { endpoint: "http://e" }, correlation_id: "c-9" });
    expect(registering.intents.map((i) => i.intent_type)).toEqual(["register_node"]);
    expect(registering.intents[0]).toMatchObject({
      intent_type: "register_node",
      target: "node_registration",
      correlation_id: "c-9",
      payload: { phase: "entry", from_state: "introspected", to_state: "registering", trigger: "register", data: { node_id: "n-1", endpoint: "http://e" } },
    });
    const active = node.processSync({ trigger: "registration_confirmed", data: { health: "ok", consul_registered: true } });
    expect(active.intents.map((i) => [i.intent_type, i.payload.phase])).toEqual([
      ["release_registration_lock", "exit"],
      ["confirm_registration", "transition"],
      ["publish_node_active", "entry"],
    ]);
    expect(active.intents[1]?.payload.action_type).toBe("emit_intent");
  });

  it("runs only the transition's own actions on a self-loop (heartbeat) and merges its data", () => {
    const node = activeReducer();
    const first = node.processSync({ trigger: "heartbeat", data: { last_seen: 10 } });
    const second = node.processSync({ trigger: "heartbeat", data: { last_seen: 20 } });
    expect(first.intents.map((i) => i.intent_type)).toEqual(["refresh_ttl"]);
    expect(second.data.last_seen).toBe(20);
    expect(node.state).toBe("active");
  });

  it("refuses a transition whose required condition is false, naming the condition, and stays put", () => {
    const node = reducer();
    node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    node.processSync({ trigger: "register", data: { endpoint: "http://e" } });
    const error = refusal(() => node.processSync({ trigger: "registration_confirmed", data: { health: "degraded" } }));
    expect(error.errorCode).toBe("INVALID_STATE_TRANSITION");
    expect(error.message).toContain('health equals "ok"');
    expect(error.context).toMatchObject({ state: "registering", trigger: "registration_confirmed", toState: "active", condition: 'health equals "ok"' });
    expect(node.state).toBe("registering");
    expect(node.data).not.toHaveProperty("health");
    expect(node.version).toBe(2);
  });

  it("lets a false non-required condition through and records it", () => {
    const node = reducer();
    node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    node.processSync({ trigger: "register", data: { endpoint: "http://e" } });
    const out = node.processSync({ trigger: "registration_confirmed", data: { health: "ok" } });
    expect(out.current_state).toBe("active");
    expect(out.advisory_failures).toEqual(["consul_registered is_true"]);
    expect(node.history.at(-1)?.advisory_failures).toEqual(["consul_registered is_true"]);
  });

  it("refuses to enter a state whose required data is missing, naming the fields", () => {
    const node = reducer();
    node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    const error = refusal(() => node.processSync({ trigger: "register", data: { port: 8080 } }));
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    expect(error.message).toContain('"endpoint"');
    expect(error.context).toMatchObject({ state: "introspected", toState: "registering", missingFields: ["endpoint"] });
    expect(node.state).toBe("introspected");
    expect(node.data).toEqual({ node_id: "n-1" });
  });

  it("treats null as missing required data", () => {
    const node = reducer();
    const error = refusal(() => node.processSync({ trigger: "introspect", data: { node_id: null } }));
    expect(error.context).toMatchObject({ missingFields: ["node_id"] });
  });

  it("refuses a trigger not allowed in the state, naming the state, the trigger and the allowed triggers", () => {
    const node = reducer();
    const error = refusal(() => node.processSync({ trigger: "heartbeat" }));
    expect(error.errorCode).toBe("INVALID_STATE_TRANSITION");
    expect(error.message).toContain('"heartbeat"');
    expect(error.message).toContain('"pending"');
    expect(error.message).toContain("allowed triggers: fail, introspect");
    expect(error.context).toMatchObject({ state: "pending", trigger: "heartbeat", allowedTriggers: ["fail", "introspect"] });
  });

  it("accepts no trigger in a terminal state", () => {
    const node = activeReducer();
    node.processSync({ trigger: "ttl_expired" });
    expect(node.isTerminal).toBe(true);
    expect(node.allowedTriggers()).toEqual([]);
    for (const trigger of ["heartbeat", "fail", "introspect"]) {
      const error = refusal(() => node.processSync({ trigger }));
      expect(error.errorCode).toBe("INVALID_STATE_TRANSITION");
      expect(error.message).toContain('state "expired" is terminal');
      expect(error.context).toMatchObject({ state: "expired", trigger, allowedTriggers: [] });
    }
  });

  it("takes a '*' transition from any non-terminal state, but an exact from_state wins", () => {
    const fromPending = reducer();
    expect(fromPending.processSync({ trigger: "fail" })).toMatchObject({ current_state: "failed", is_terminal: true });
    expect(fromPending.processSync.bind(fromPending, { trigger: "fail" })).toThrow(/terminal/);

    const fromActive = activeReducer();
    const failed = fromActive.processSync({ trigger: "fail" });
    expect(failed.current_state).toBe("failed");
    expect(failed.intents.map((i) => i.intent_type)).toEqual(["stop_heartbeat_monitor", "publish_registration_failed"]);

    const fromRegistering = reducer();
    fromRegistering.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    fromRegistering.processSync({ trigger: "register", data: { endpoint: "http://e" } });
    const retried = fromRegistering.processSync({ trigger: "fail" });
    expect(retried.current_state).toBe("introspected");
    expect(retried.intents.map((i) => i.intent_type)).toEqual(["release_registration_lock", "schedule_registration_retry"]);
  });

  it("round-trips a snapshot through JSON into another reducer, which carries on", () => {
    const node = activeReducer();
    node.processSync({ trigger: "heartbeat", data: { last_seen: 7, tags: ["a"] } });
    const snapshot = node.snapshot();
    expect(snapshot).toMatchObject({ state_machine_name: "node_registration", state: "active", version: 4 });
    const copy = reducer();
    copy.restore(JSON.parse(JSON.stringify(snapshot)) as unknown);
    expect(copy.snapshot()).toEqual(snapshot);
    const expired = copy.processSync({ trigger: "ttl_expired" });
    expect(expired).toMatchObject({ current_state: "expired", version: 5 });
    expect(node.state).toBe("active");
  });

  it("snapshots are copies: mutating one does not touch the reducer", () => {
    const node = activeReducer();
    const snapshot = node.snapshot();
    snapshot.data.node_id = "tampered";
    expect(node.data.node_id).toBe("n-1");
  });

  it("refuses malformed snapshots, another machine's snapshot, and unknown states", () => {
    const node = reducer();
    const valid = activeReducer().snapshot();
    expect(refusal(() => node.restore({ state: "active" })).errorCode).toBe("VALIDATION_ERROR");
    expect(refusal(() => node.restore({ ...valid, state_machine_name: "other" })).message).toContain('"other"');
    expect(refusal(() => node.restore({ ...valid, state: "limbo" })).message).toContain('"limbo"');
    expect(node.state).toBe("pending");
  });

  it("keeps a bounded history", () => {
    const node = activeReducer({ historyLimit: 3 });
    for (let i = 0; i < 5; i += 1) node.processSync({ trigger: "heartbeat", data: { beat: i } });
    expect(node.history.map((h) => h.sequence)).toEqual([6, 7, 8]);
    expect(node.version).toBe(8);
  });

  it("merges input data per the conflict resolution", () => {
    const strict = reducer({ conflictResolution: "error" });
    strict.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    const conflict = refusal(() => strict.processSync({ trigger: "register", data: { node_id: "n-2", endpoint: "http://e" } }));
    expect(conflict.errorCode).toBe("VALIDATION_ERROR");
    expect(conflict.context).toMatchObject({ conflicts: ["node_id"] });
    expect(strict.processSync({ trigger: "register", data: { node_id: "n-1", endpoint: "http://e" } }).current_state).toBe("registering");

    const firstWins = reducer({ conflictResolution: "first_wins" });
    firstWins.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    expect(firstWins.processSync({ trigger: "register", data: { node_id: "n-2", endpoint: "http://e" } }).data.node_id).toBe("n-1");

    const merging = activeReducer({ conflictResolution: "merge" });
    merging.processSync({ trigger: "heartbeat", data: { meta: { a: 1 }, seen: [1] } });
    const merged = merging.processSync({ trigger: "heartbeat", data: { meta: { b: 2 }, seen: [2] } });
    expect(merged.data).toMatchObject({ meta: { a: 1, b: 2 }, seen: [1, 2] });
  });

  it("routes intents to targets from the contract's intent_emission", () => {
    const contract = ModelContract.parse({
      name: "node_registration_reducer",
      contract_version: { major: 1, minor: 0, patch: 0 },
      node_version: "1.0.0",
      node_type: "REDUCER_GENERIC",
      input_model: { name: "ModelReducerInput", module: "@onex/core" },
      output_model: { name: "ModelReducerOutput", module: "@onex/core" },
      state_machine: registrationMachine,
      intent_emission: { default_target: "registration_events", targets: { register_node: "node_registry_effect" } },
    });
    const node = new NodeReducer(new ModelONEXContainer(), contract);
    expect(node.name).toBe("node_registration_reducer");
    node.processSync({ trigger: "introspect", data: { node_id: "n-1" } });
    const out = node.processSync({ trigger: "register", data: { endpoint: "http://e" } });
    expect(out.intents.map((i) => i.target)).toEqual(["node_registry_effect"]);
    expect(node.processSync({ trigger: "fail" }).intents.map((i) => [i.intent_type, i.target])).toEqual([
      ["release_registration_lock", "registration_events"],
      ["schedule_registration_retry", "registration_events"],
    ]);
  });

  it("refuses an unsound state machine at construction", () => {
    const broken: ModelContractStateMachineInput = {
      ...registrationMachine,
      transitions: [...(registrationMachine.transitions ?? []), { from_state: "pending", to_state: "nowhere", trigger: "jump" }],
    };
    const error = refusal(() => new NodeReducer(new ModelONEXContainer(), broken));
    expect(error.errorCode).toBe("CONTRACT_VALIDATION_ERROR");
    expect(error.message).toContain('"nowhere"');
  });
});
