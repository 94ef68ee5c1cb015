// ORCHESTRATOR node `node_registration_orchestrator`. The contract's graph runs for an introspection (and for the
// retry of a failed registration): load projection -> reduce -> Consul and PostgreSQL in parallel -> reduce outcome
// -> persist -> publish node.registered -> record and persist that it was published. Heartbeat, expiry and
// deregistration are one reduction each plus the effects its intents name. Work for one node runs in one lane, so
// a read-reduce-write never interleaves with another for the same node. Peers come from the container by token.
import {
  createEventEnvelope,
  deriveEnvelope,
  EnumCoreErrorCode,
  ModelOnexError,
  ModelOrchestratorInput,
  NodeOrchestrator,
  NodeReducerSnapshot,
  parseModel,
  type ModelContract,
  type ModelEventEnvelope,
  type ModelONEXContainer,
  type ModelOrchestratorOutput,
  type NodeOrchestratorProcessOptions,
  type NodeOrchestratorStep,
  type NodeOrchestratorStepExecutor,
} from "@onex/core";
import type { ProtocolEffectNode } from "@onex/spi";
import type { z } from "zod";
import { runWithCorrelation } from "../../../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../../../errors/error-runtime-host.js";
import type { RegistrationOrchestratorPort, RegistrationReducerPort, RegistrationReduction, RegistrationSettings } from "../../../registration/registration-ports.js";
import { KeyedLanes } from "../../../registration/util-keyed-lanes.js";
import { loadRegistrationContract, resolveTopic } from "../../../registration/util-registration-contract.js";
import { effectResult, registrationOutcome, unchangedOutcome } from "../../../registration/util-registration-outcomes.js";
import { parseRegistrationPayload } from "../../../registration/util-registration-payload.js";
import { descriptionFromData, projectionFromReduction, sameDescription, STABLE_REGISTRATION_STATES } from "../../../registration/util-registration-records.js";
import { RegistrationServiceTokens } from "../../../registration/util-registration-tokens.js";
import {
  ModelNodeHeartbeatEvent,
  ModelNodeIntrospectionEvent,
  ModelNodeRegisteredEvent,
  ModelProjectionGetView,
  ModelRegistryStepResult,
  ModelStoreStepResult,
  type ModelProjectionView,
  type ModelRegistrationOutcome,
} from "./models/index.js";

const SOURCE = "node_registration_orchestrator";
type Backend = "consul" | "postgres";

/** One run of the registration graph, shared by its step executors (keyed by workflow id). */
interface RegistrationRun {
  readonly kind: "introspection" | "retry";
  readonly nodeId: string;
  readonly correlationId: string;
  readonly event: ModelNodeIntrospectionEvent | null;
  readonly parent: ModelEventEnvelope | null;
  readonly at: string;
  projection: ModelProjectionView | null;
  plan: "register" | "announce" | "skip";
  reason: string | null;
  /** The newest reduction (for `announce`, the stored state as a reduction). */
  latest: RegistrationReduction | null;
  outcome: RegistrationReduction | null;
  announcement: RegistrationReduction | null;
  readonly backends: Partial<Record<Backend, { readonly success: boolean; readonly message: string | null }>>;
  published: boolean;
  error: unknown;
}

/** The registration workflow; see the module comment and `contract.yaml`. */
export class NodeRegistrationOrchestrator extends NodeOrchestrator implements RegistrationOrchestratorPort {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadRegistrationContract(new URL("./contract.yaml", import.meta.url));
  }

  readonly #lanes = new KeyedLanes();
  readonly #runs = new Map<string, RegistrationRun>();

  constructor(container: ModelONEXContainer) {
    super(container, NodeRegistrationOrchestrator.contract());
    this.register("registration.get", this.#step((run) => this.#loadStep(run)));
    this.register("registration.reduce.introspection", this.#step((run) => this.#reduceIntrospectionStep(run)));
    this.register("registry.register", this.#step((run, step) => this.#registerStep(run, step)));
    this.register("registration.reduce.outcome", this.#step((run) => this.#reduceOutcomeStep(run)));
    this.register("registration.store", this.#step((run, step) => this.#persistStep(run, step)));
    this.register("registration.publish", this.#step((run) => this.#publishStep(run)));
    this.register("registration.reduce.announced", this.#step((run) => this.#announcedStep(run)));
  }

  /** Topic of node.registered for the configured environment. */
  get registeredTopic(): string {
    const event = this.contract?.published_events.find((e) => typeof e !== "string" && e.event_type === "node.registered");
    const topic = event === undefined || typeof event === "string" ? undefined : event.topic;
    return resolveTopic(topic ?? "{env}.onex.evt.registration.node-registered.v1", this.#settings().env);
  }

  /** ProtocolOrchestratorNode entry: runs the graph for `payload.introspection` (a NodeIntrospectionEvent). */
  override async process(input: z.input<typeof ModelOrchestratorInput>, options: NodeOrchestratorProcessOptions = {}): Promise<ModelOrchestratorOutput> {
    const parsed = parseModel(ModelOrchestratorInput, input, `${SOURCE} input`, input.correlation_id);
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const event = parseRegistrationPayload(ModelNodeIntrospectionEvent, parsed.payload["introspection"], "node.introspection", correlationId);
    const run = this.#newRun("introspection", event.node_id, correlationId, event, null);
    return this.#lanes.run(event.node_id, async () => (await this.#execute(run, options)).output);
  }

  async handleIntrospection(envelope: ModelEventEnvelope): Promise<ModelRegistrationOutcome> {
    const event = parseRegistrationPayload(ModelNodeIntrospectionEvent, envelope.payload, "node.introspection", envelope.correlation_id);
    const run = this.#newRun("introspection", event.node_id, envelope.correlation_id, event, envelope);
    return this.#lanes.run(event.node_id, () => this.#executeToOutcome(run));
  }

  async retryRegistration(nodeId: string, correlationId: string = crypto.randomUUID()): Promise<ModelRegistrationOutcome> {
    const run = this.#newRun("retry", nodeId, correlationId, null, null);
    return this.#lanes.run(nodeId, () => this.#executeToOutcome(run));
  }

  async handleHeartbeat(envelope: ModelEventEnvelope): Promise<ModelRegistrationOutcome> {
    const cid = envelope.correlation_id;
    const { node_id: nodeId } = parseRegistrationPayload(ModelNodeHeartbeatEvent, envelope.payload, "node.heartbeat", cid);
    return this.#lanes.run(nodeId, () =>
      runWithCorrelation(cid, async () => {
        const projection = await this.#load(nodeId, cid);
        if (projection?.registration_state !== "active" || projection.reducer_snapshot === null) {
          return unchangedOutcome(nodeId, projection, cid, `heartbeat ignored: node is ${projection?.registration_state ?? "not registered"}`);
        }
        const at = this.#settings().now().toISOString();
        const reduction = await this.#reducer().process({ trigger: "heartbeat_received", data: { last_heartbeat_at: at }, snapshot: projection.reducer_snapshot, correlation_id: cid });
        const applied = await this.#store(reduction, projection, cid);
        return registrationOutcome(nodeId, "heartbeat", projection.registration_state, reduction, cid, { reason: applied ? null : "a newer state was already stored" });
      }),
    );
  }

  expireNode(nodeId: string, heartbeatBefore: string, correlationId: string = crypto.randomUUID()): Promise<ModelRegistrationOutcome> {
    return this.#lanes.run(nodeId, () =>
      runWithCorrelation(correlationId, async () => {
        const projection = await this.#load(nodeId, correlationId);
        const beat = projection?.last_heartbeat_at ?? null;
        if (projection?.registration_state !== "active" || projection.reducer_snapshot === null) {
          return unchangedOutcome(nodeId, projection, correlationId, `not expired: node is ${projection?.registration_state ?? "not registered"}`);
        }
        if (beat !== null && Date.parse(beat) >= Date.parse(heartbeatBefore)) return unchangedOutcome(nodeId, projection, correlationId, "not expired: heartbeat is recent");
        const reduction = await this.#reducer().process({ trigger: "heartbeat_timeout", snapshot: projection.reducer_snapshot, correlation_id: correlationId });
        const record = this.#record(reduction, projection, correlationId);
        const output = await this.#peer("storageEffect").process({ operation: "registration.expire", payload: { projection: record, heartbeat_before: heartbeatBefore }, correlation_id: correlationId });
        if (!effectResult(output, ModelStoreStepResult, "registration.expire").applied) {
          return unchangedOutcome(nodeId, projection, correlationId, "not expired: a heartbeat was stored meanwhile");
        }
        const deregistered = await this.#deregisterFromDiscovery(nodeId, reduction, correlationId);
        return registrationOutcome(nodeId, "expired", projection.registration_state, reduction, correlationId, { discovery: deregistered });
      }),
    );
  }

  deregisterNode(nodeId: string, correlationId: string = crypto.randomUUID()): Promise<ModelRegistrationOutcome> {
    return this.#lanes.run(nodeId, () =>
      runWithCorrelation(correlationId, async () => {
        const projection = await this.#load(nodeId, correlationId);
        const reducer = this.#reducer();
        if (projection === null || reducer.terminalStates.includes(projection.registration_state)) {
          return unchangedOutcome(nodeId, projection, correlationId, `not deregistered: node is ${projection?.registration_state ?? "not registered"}`);
        }
        const snapshot = projection.reducer_snapshot ?? reducer.initialSnapshot(projection.sequence);
        const reduction = await reducer.process({ trigger: "deregister", snapshot, correlation_id: correlationId });
        await this.#store(reduction, projection, correlationId);
        const deregistered = await this.#deregisterFromDiscovery(nodeId, reduction, correlationId);
        return registrationOutcome(nodeId, "deregistered", projection.registration_state, reduction, correlationId, { discovery: deregistered });
      }),
    );
  }

  // ---- the graph

  /** Runs the graph for `run`; step failures are in the output (state `failed`), as NodeOrchestrator reports them. */
  async #execute(run: RegistrationRun, options: NodeOrchestratorProcessOptions = {}): Promise<{ output: ModelOrchestratorOutput; run: RegistrationRun }> {
    const workflowId = crypto.randomUUID();
    this.#runs.set(workflowId, run);
    try {
      const output = await runWithCorrelation(run.correlationId, () =>
        super.process({ workflow_id: workflowId, payload: { node_id: run.nodeId, kind: run.kind }, correlation_id: run.correlationId }, options),
      );
      return { output, run };
    } finally {
      this.#runs.delete(workflowId);
    }
  }

  /** Runs the graph and turns its run into an outcome; a run that did not complete rejects with the step's error code. */
  async #executeToOutcome(run: RegistrationRun): Promise<ModelRegistrationOutcome> {
    const { output } = await this.#execute(run);
    if (output.state !== "completed") {
      const failed = output.failed_steps.map((id) => `${id}: ${output.step_results[id]?.error?.message ?? "failed"}`).join("; ");
      const cause = run.error;
      throw new RuntimeHostError(`registration of node "${run.nodeId}" did not complete (${output.state}): ${failed}`, {
        errorCode: cause instanceof ModelOnexError ? cause.errorCode : EnumCoreErrorCode.WORKFLOW_STEP_FAILED,
        cause,
        context: { transportType: EnumInfraTransportType.RUNTIME, operation: "registration.workflow", correlationId: run.correlationId },
        nodeId: run.nodeId,
        failedSteps: output.failed_steps,
      });
    }
    return this.#runOutcome(run);
  }

  #step(fn: (run: RegistrationRun, step: NodeOrchestratorStep) => Promise<unknown>): NodeOrchestratorStepExecutor {
    return async (step, context) => {
      const run = this.#runs.get(context.workflowId);
      if (run === undefined) {
        throw new ModelOnexError(`${SOURCE}: no registration run for workflow ${context.workflowId}`, { errorCode: EnumCoreErrorCode.INTERNAL_ERROR, correlationId: context.correlationId });
      }
      try {
        return await fn(run, step);
      } catch (error) {
        run.error ??= error;
        throw error;
      }
    };
  }

  async #loadStep(run: RegistrationRun): Promise<unknown> {
    run.projection = await this.#load(run.nodeId, run.correlationId);
    return { found: run.projection !== null, state: run.projection?.registration_state ?? null };
  }

  async #reduceIntrospectionStep(run: RegistrationRun): Promise<unknown> {
    const reducer = this.#reducer();
    const { projection, correlationId } = run;
    if (run.kind === "retry" || run.event === null) {
      if (projection?.registration_state !== "failed" || projection.reducer_snapshot === null) {
        return this.#skip(run, `not retried: node is ${projection?.registration_state ?? "not registered"}`);
      }
      run.latest = await reducer.process({ trigger: "retry_registration", snapshot: projection.reducer_snapshot, correlation_id: correlationId });
      run.plan = "register";
      return { plan: run.plan };
    }
    const event = run.event;
    const description = { ...event, node_name: event.node_name ?? event.node_id };
    const snapshot = this.#lifecycleSnapshot(projection);
    if (projection?.registration_state === "active" && snapshot !== null) {
      const stored = NodeReducerSnapshot.safeParse(snapshot);
      const current = stored.success ? descriptionFromData(stored.data.data) : null;
      if (stored.success && current !== null && sameDescription(current, description)) {
        if (stored.data.data["registered_event_published"] === true) return this.#skip(run, "duplicate: already active with the same description");
        run.latest = { previous_state: "active", current_state: "active", trigger: "introspection_received", intents: [], is_terminal: false, data: stored.data.data, correlation_id: correlationId, sequence: projection.sequence, snapshot };
        run.plan = "announce";
        return { plan: run.plan };
      }
    }
    const introspected = await reducer.process({
      trigger: "introspection_received",
      data: { ...description, consul_registered: false, postgres_upserted: false, registered_event_published: false, introspected_at: run.at, last_heartbeat_at: run.at, failure_reason: null },
      snapshot,
      correlation_id: correlationId,
    });
    run.latest = await reducer.process({ trigger: "registration_started", snapshot: introspected.snapshot, correlation_id: correlationId });
    run.plan = "register";
    return { plan: run.plan };
  }

  async #registerStep(run: RegistrationRun, step: NodeOrchestratorStep): Promise<unknown> {
    const backend: Backend = step.parameters["backend"] === "postgres" ? "postgres" : "consul";
    const intent = step.parameters["intent"];
    const latest = run.latest;
    if (run.plan !== "register" || latest === null || !latest.intents.some((i) => i.intent_type === intent)) return { skipped: true };
    if (latest.data[backend === "consul" ? "consul_registered" : "postgres_upserted"] === true) {
      run.backends[backend] = { success: true, message: null };
      return { skipped: true, reason: "already acknowledged" };
    }
    const node = descriptionFromData(latest.data, run.projection);
    const output = await this.#peer("registryEffect").process({ operation: "registry.register", payload: { node, backends: [backend], at: run.at }, correlation_id: run.correlationId });
    const parsed = ModelRegistryStepResult.safeParse(output.result);
    const outcome = parsed.success ? parsed.data.outcomes.find((o) => o.backend === backend) : undefined;
    const entry = { success: outcome?.success === true, message: outcome?.error_message ?? output.error?.message ?? null };
    run.backends[backend] = entry;
    return { backend, ...entry };
  }

  async #reduceOutcomeStep(run: RegistrationRun): Promise<unknown> {
    const latest = run.latest;
    if (run.plan !== "register" || latest === null) return { skipped: true };
    const consul = run.backends.consul?.success ?? latest.data["consul_registered"] === true;
    const postgres = run.backends.postgres?.success ?? latest.data["postgres_upserted"] === true;
    const ok = consul && postgres;
    const reasons = [consul ? null : `consul: ${run.backends.consul?.message ?? "not acknowledged"}`, postgres ? null : `postgres: ${run.backends.postgres?.message ?? "not acknowledged"}`];
    run.outcome = await this.#reducer().process({
      trigger: ok ? "registration_succeeded" : "registration_failed",
      data: {
        consul_registered: consul,
        postgres_upserted: postgres,
        failure_reason: ok ? null : reasons.filter((r) => r !== null).join("; "),
        ...(ok && latest.data["registered_at"] === undefined ? { registered_at: run.at } : {}),
      },
      snapshot: latest.snapshot,
      correlation_id: run.correlationId,
    });
    run.latest = run.outcome;
    return { state: run.outcome.current_state };
  }

  async #persistStep(run: RegistrationRun, step: NodeOrchestratorStep): Promise<unknown> {
    const reduction = step.parameters["reduction"] === "record_announcement" ? run.announcement : run.outcome;
    if (reduction === null) return { skipped: true };
    const applied = await this.#store(reduction, run.projection, run.correlationId);
    return { applied, sequence: reduction.sequence };
  }

  async #publishStep(run: RegistrationRun): Promise<unknown> {
    const source = run.plan === "announce" ? run.latest : run.outcome?.intents.some((i) => i.intent_type === "emit_node_registered") === true ? run.outcome : null;
    if (source === null) return { skipped: true };
    const description = descriptionFromData(source.data, run.projection);
    const payload = ModelNodeRegisteredEvent.parse({ ...description, registration_state: source.current_state, registered_at: source.data["registered_at"], sequence: source.sequence });
    const input = { event_type: "node.registered", source: SOURCE, payload };
    const envelope = run.parent === null ? createEventEnvelope({ ...input, correlation_id: run.correlationId }) : deriveEnvelope(run.parent, input);
    const bus = this.container.tryResolveService(RegistrationServiceTokens.eventBus);
    if (bus === undefined) throw this.#missing("eventBus", run.correlationId);
    await bus.publishEnvelope(this.registeredTopic, envelope, payload.node_id);
    run.published = true;
    return { published: true, envelope_id: envelope.envelope_id };
  }

  async #announcedStep(run: RegistrationRun): Promise<unknown> {
    if (!run.published || run.latest === null) return { skipped: true };
    run.announcement = await this.#reducer().process({ trigger: "registration_announced", data: { registered_event_published: true }, snapshot: run.latest.snapshot, correlation_id: run.correlationId });
    return { sequence: run.announcement.sequence };
  }

  // ---- helpers

  #newRun(kind: RegistrationRun["kind"], nodeId: string, correlationId: string, event: ModelNodeIntrospectionEvent | null, parent: ModelEventEnvelope | null): RegistrationRun {
    const at = this.#settings().now().toISOString();
    return { kind, nodeId, correlationId, event, parent, at, projection: null, plan: "skip", reason: null, latest: null, outcome: null, announcement: null, backends: {}, published: false, error: undefined };
  }

  #skip(run: RegistrationRun, reason: string): { plan: string; reason: string } {
    run.plan = "skip";
    run.reason = reason;
    return { plan: run.plan, reason };
  }

  /** The snapshot a new trigger applies to: the stored one at rest, else a new lifecycle continuing the sequence. */
  #lifecycleSnapshot(projection: ModelProjectionView | null): Readonly<Record<string, unknown>> | null {
    if (projection === null) return null;
    if (projection.reducer_snapshot !== null && STABLE_REGISTRATION_STATES.has(projection.registration_state)) return projection.reducer_snapshot;
    return this.#reducer().initialSnapshot(projection.sequence);
  }

  #runOutcome(run: RegistrationRun): ModelRegistrationOutcome {
    const previous = run.projection?.registration_state ?? null;
    if (run.plan === "skip") {
      const outcome = run.reason?.startsWith("duplicate") === true ? "duplicate" : "ignored";
      return unchangedOutcome(run.nodeId, run.projection, run.correlationId, run.reason, outcome);
    }
    const last = run.announcement ?? run.outcome ?? run.latest;
    const outcome = run.plan === "announce" ? "announced" : run.outcome?.current_state === "active" ? "registered" : "failed";
    return registrationOutcome(run.nodeId, outcome, previous, last, run.correlationId, {
      published: run.published,
      reason: typeof run.outcome?.data["failure_reason"] === "string" ? run.outcome.data["failure_reason"] : null,
    });
  }

  async #load(nodeId: string, correlationId: string): Promise<ModelProjectionView | null> {
    const output = await this.#peer("storageEffect").process({ operation: "registration.get", payload: { node_id: nodeId }, correlation_id: correlationId });
    return effectResult(output, ModelProjectionGetView, "registration.get").projection;
  }

  #record(reduction: RegistrationReduction, stored: ModelProjectionView | null, correlationId: string): Record<string, unknown> {
    const record = projectionFromReduction(reduction, stored, this.#settings().now().toISOString());
    if (record === null) {
      throw new ModelOnexError(`${SOURCE}: a ${reduction.current_state} node has no complete description to store`, { errorCode: EnumCoreErrorCode.INTERNAL_ERROR, correlationId });
    }
    return { ...record };
  }

  async #store(reduction: RegistrationReduction, stored: ModelProjectionView | null, correlationId: string): Promise<boolean> {
    const projection = this.#record(reduction, stored, correlationId);
    const output = await this.#peer("storageEffect").process({ operation: "registration.store", payload: { projection }, correlation_id: correlationId });
    return effectResult(output, ModelStoreStepResult, "registration.store").applied;
  }

  async #deregisterFromDiscovery(nodeId: string, reduction: RegistrationReduction, correlationId: string): Promise<boolean | null> {
    if (!reduction.intents.some((i) => i.intent_type === "deregister_from_consul")) return null;
    const output = await this.#peer("discoveryEffect").process({ operation: "discovery.deregister", payload: { service_id: nodeId }, correlation_id: correlationId });
    return output.success;
  }

  #reducer(): RegistrationReducerPort {
    return this.container.resolveService(RegistrationServiceTokens.reducer);
  }

  #peer(name: "registryEffect" | "storageEffect" | "discoveryEffect"): ProtocolEffectNode {
    const peer = this.container.tryResolveService(RegistrationServiceTokens[name]);
    if (peer === undefined) throw this.#missing(name, undefined);
    return peer;
  }

  #settings(): RegistrationSettings {
    return this.container.tryResolveService(RegistrationServiceTokens.settings) ?? { env: "local", heartbeatTimeoutMs: 90_000, now: () => new Date() };
  }

  #missing(token: keyof typeof RegistrationServiceTokens, correlationId: string | undefined): RuntimeHostError {
    return new RuntimeHostError(`${SOURCE}: "${RegistrationServiceTokens[token].name}" is not registered in the container`, {
      errorCode: EnumCoreErrorCode.SERVICE_NOT_REGISTERED,
      context: { transportType: EnumInfraTransportType.RUNTIME, operation: "registration.resolve", correlationId },
    });
  }
}
