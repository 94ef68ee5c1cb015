// The runtime host: wires the container, starts the bus, the handlers and the node-registration workflow (in
// parallel with loading contracts), consumes the input topic, answers every command on the output topic, keeps the
// hub's views (waiters, DLQ, nodes) fed, and drains on request.
//
// At-least-once: the intake handler resolves only once its envelope was processed (handler executed, answer
// published), so the bus commits nothing that is still running; a crash leaves the envelope uncommitted and it is
// delivered again. Envelopes of one partition run one after another (per-key order); concurrency comes from
// partitions consumed side by side (Kafka; the in-memory bus has one partition).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  EnumCoreErrorCode,
  ModelONEXContainer,
  ModelOnexError,
  createEventEnvelope,
  type ModelEventEnvelope,
} from "@onex/core";
import {
  EventBusInmemory,
  InfraServiceTokens,
  InfraUnavailableError,
  sanitizeValue,
  wireInfrastructureServices,
  type CircuitBreakerFactory,
  type RegistryProtocolBinding,
} from "@onex/infra";
import type { ProtocolEventBusUnsubscribe, ProtocolHealthCheck, ProtocolHealthCheckResult, ProtocolNodeRegistry, ProtocolNodeRegistryRecord } from "@onex/spi";
import type { ModelRuntimeConfig } from "../config/model-runtime-config.js";
import { runtimeTopics, type RuntimeTopics } from "../config/util-runtime-topics.js";
import type { RuntimeLogger } from "../logging/util-logger.js";
import type { RuntimeComponents, RuntimeHandlerView, RuntimeHealth, RuntimeHostOptions, RuntimeState } from "./runtime-host-types.js";
import type { ModelRuntimeSubmitRequest } from "./model-runtime-submit-request.js";
import { RUNTIME_IDEMPOTENCY_DOMAIN, RuntimeDispatcher } from "./runtime-dispatcher.js";
import { RuntimeDlqView } from "./runtime-dlq-view.js";
import { RuntimeMetrics, type CircuitStateSample } from "./runtime-metrics.js";
import { scanContracts, type ContractScan } from "./util-contract-files.js";
import { deadLetterRejection } from "./util-dead-letter-rejection.js";
import { boundedHealth, circuitFromHealth, consumerLagFromHealth, withinDeadline } from "./util-health-details.js";
import { RuntimeRegistration } from "./runtime-registration.js";
import { registerAdapterNodes } from "./util-adapter-nodes.js";
import { waitUntil } from "./util-drain.js";
import { ResponseWaiters } from "./util-response-waiters.js";
import { RuntimeServiceTokens } from "./util-runtime-tokens.js";
import { startHandlers, type RuntimeHandlerFailure, type RuntimeHandlerSpec } from "./util-start-handlers.js";

export type { RuntimeComponents, RuntimeComponentsContext, RuntimeComponentsFactory, RuntimeHandlerView, RuntimeHealth, RuntimeHostOptions, RuntimeState } from "./runtime-host-types.js";

const HEALTH_TIMEOUT_MS = 2_000;

export class RuntimeHost {
  readonly config: ModelRuntimeConfig;
  readonly topics: RuntimeTopics;
  readonly metrics: RuntimeMetrics;
  readonly instanceId: string;
  readonly container: ModelONEXContainer;
  readonly waiters: ResponseWaiters;
  private readonly logger: RuntimeLogger;
  private readonly startedAt = Date.now();
  private stateValue: RuntimeState = "created";
  private components: RuntimeComponents | null = null;
  private registry: RegistryProtocolBinding | null = null;
  private breakers: CircuitBreakerFactory | null = null;
  private dispatcher: RuntimeDispatcher | null = null;
  private dlqView: RuntimeDlqView | null = null;
  private registration: RuntimeRegistration | null = null;
  private nodeRegistry: ProtocolNodeRegistry | null = null;
  private inFlight = 0;
  private intake: ProtocolEventBusUnsubscribe | null = null;
  private auxiliary: ProtocolEventBusUnsubscribe[] = [];
  private startedHandlers: readonly RuntimeHandlerSpec[] = [];
  private failedHandlers: readonly RuntimeHandlerFailure[] = [];
  private contractScan: ContractScan = { loaded: [], failed: [] };
  private stopping: Promise<boolean> | null = null;
  private readonly ownsContainer: boolean;

  constructor(private readonly options: RuntimeHostOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.topics = runtimeTopics(options.config);
    this.metrics = options.metrics ?? new RuntimeMetrics();
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.container = options.container ?? new ModelONEXContainer();
    this.ownsContainer = options.container === undefined;
    this.waiters = new ResponseWaiters(options.config.max_waiters);
  }

  get state(): RuntimeState {
    return this.stateValue;
  }

  /** True once the handlers started and the input topic is subscribed, until the drain begins. */
  get ready(): boolean {
    return this.stateValue === "ready";
  }

  get contracts(): ContractScan {
    return this.contractScan;
  }

  /** Starts everything; rejects (after releasing what was started) when the runtime cannot run. */
  async start(): Promise<void> {
    if (this.stateValue !== "created") {
      throw new ModelOnexError(`runtime host cannot start: it is ${this.stateValue} (create a new host to start again)`, { errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION });
    }
    this.stateValue = "starting";
    try {
      await this.startInner();
      this.stateValue = "ready";
    } catch (error) {
      this.stateValue = "failed";
      await this.release(Date.now() + this.config.drain_timeout_ms).catch(() => undefined);
      throw error;
    }
  }

  private async startInner(): Promise<void> {
    const { config, logger } = this;
    wireInfrastructureServices(this.container);
    const registry = this.container.resolveService(InfraServiceTokens.protocolBindingRegistry);
    this.registry = registry;
    this.breakers = this.container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    const contracts = config.contracts_dir === null ? Promise.resolve(this.contractScan) : this.loadContracts(config.contracts_dir);
    contracts.catch(() => undefined);
    const source = this.options.components;
    const components = typeof source === "function" ? await source({ config, logger, container: this.container }) : source;
    this.components = components;
    const services = this.container.serviceRegistry;
    services.registerInstance(RuntimeServiceTokens.eventBus, components.bus);
    services.registerInstance(RuntimeServiceTokens.idempotencyStore, components.idempotency);
    const discovery = components.registration?.discovery;
    if (discovery !== undefined && !this.container.isRegistered(RuntimeServiceTokens.serviceDiscovery)) services.registerInstance(RuntimeServiceTokens.serviceDiscovery, discovery);
    if (config.registration.enabled && components.registration !== undefined && components.nodeRegistry === undefined) {
      this.registration = new RuntimeRegistration({
        env: config.env,
        settings: config.registration,
        container: this.container,
        bus: components.bus,
        components: components.registration,
        logger: logger.child({ component: "registration" }),
      });
    }

    // Settle all of them before deciding: a handler still initialising must not be missed by the cleanup.
    const [busStart, handlerStart, scan, wired] = await Promise.allSettled([
      components.bus.start(),
      startHandlers(components.handlers, registry, config.handlers, logger),
      contracts,
      this.registration?.wire(),
    ]);
    if (handlerStart.status === "fulfilled") {
      this.startedHandlers = handlerStart.value.started;
      this.failedHandlers = handlerStart.value.failed;
    }
    for (const outcome of [busStart, handlerStart, scan, wired]) if (outcome.status === "rejected") throw outcome.reason;
    if (scan.status === "fulfilled") this.contractScan = scan.value;
    const handlers = { started: this.startedHandlers, failed: this.failedHandlers };
    const adapters = registerAdapterNodes(this.container, handlers.started.map((s) => s.handler.handlerType));
    this.nodeRegistry = components.nodeRegistry ?? this.registration?.nodeRegistry() ?? null;
    if (this.nodeRegistry !== null) services.registerInstance(RuntimeServiceTokens.nodeRegistry, this.nodeRegistry);

    const bus = components.bus;
    this.dispatcher = new RuntimeDispatcher({
      bus,
      handlers: registry,
      idempotency: components.idempotency,
      outputTopic: this.topics.output,
      logger,
      metrics: this.metrics,
      onPublished: (envelope) => this.waiters.offer(envelope.causation_id, envelope),
    });
    this.dlqView = new RuntimeDlqView({ bus, topic: this.topics.dlq, groupId: `${config.bus.group_id}.dlq-view.${this.instanceId}`, maxEntries: config.dlq_max_entries, logger });
    this.metrics.bind({
      circuits: () => this.circuits(),
      dlqSize: () => this.dlqView?.size ?? 0,
      consumerLag: async () => consumerLagFromHealth(await boundedHealth(() => bus.health(), HEALTH_TIMEOUT_MS), this.topics.input, config.bus.group_id),
    });
    // Views first (in parallel: joining a Kafka group takes a while), intake last: a response or dead letter
    // produced by the first command must find its subscribers.
    const dlqView = this.dlqView;
    const registration = this.registration;
    const registrationGroup = `${config.bus.group_id}.registration`;
    const responderGroup = `${config.bus.group_id}.dlq-responder`;
    const views = await Promise.allSettled([
      bus.subscribe(this.topics.output, `${config.bus.group_id}.hub.${this.instanceId}`, (envelope) => {
        this.waiters.offer(envelope.causation_id, envelope);
        return Promise.resolve();
      }),
      bus.subscribe(this.topics.dlq, responderGroup, (envelope) => this.answerDeadLetter(envelope), { maxRetries: 0 }),
      dlqView.start().then(() => () => dlqView.stop()),
      registration === null ? Promise.resolve(() => Promise.resolve()) : registration.start(registrationGroup).then(() => () => registration.stop()),
    ]);
    for (const view of views) if (view.status === "fulfilled") this.auxiliary.push(view.value);
    for (const view of views) if (view.status === "rejected") throw view.reason;
    this.intake = await bus.subscribe(this.topics.input, config.bus.group_id, (envelope) => this.process(envelope), { maxRetries: config.bus.max_retries, dlqTopic: this.topics.dlq });
    logger.info(
      {
        handlers: handlers.started.map((s) => s.handler.handlerType),
        failed: handlers.failed.map((f) => f.handlerType),
        adapterNodes: adapters,
        registration: this.registration === null ? "off" : this.registration.usesFallbackStore ? "in-memory projection" : "on",
        topics: this.topics,
        concurrency: config.concurrency,
      },
      "runtime is ready",
    );
  }

  // The intake handler: resolves once the envelope was answered, so the bus acknowledges only finished work. An
  // answer that could not be published rejects, so the bus delivers the envelope again (and finally dead-letters it).
  private async process(envelope: ModelEventEnvelope): Promise<void> {
    const dispatcher = this.dispatcher;
    if (dispatcher === null) throw new ModelOnexError("runtime is not started", { errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE, correlationId: envelope.correlation_id });
    this.inFlight += 1;
    try {
      const result = await dispatcher.dispatch(envelope);
      if (result.outcome === "publish_failed") {
        throw new InfraUnavailableError(`the answer to envelope ${envelope.envelope_id} could not be published on ${this.topics.output}`, {
          correlationId: envelope.correlation_id,
          context: { operation: "publish_response", targetName: this.topics.output },
        });
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  private async loadContracts(dir: string): Promise<ContractScan> {
    const scan = await scanContracts(dir, { strict: this.config.strict });
    for (const failed of scan.failed) {
      for (const p of failed.problems) {
        this.logger.error({ file: p.file, line: p.line, column: p.column, path: p.path, code: p.code }, `invalid contract skipped: ${p.file}:${p.line}:${p.column} ${p.path}: ${p.message}`);
      }
    }
    for (const loaded of scan.loaded) this.logger.info({ file: loaded.file, contract: loaded.contract.name, node_type: loaded.contract.node_type }, "contract loaded");
    return scan;
  }

  // A dead letter of the input topic gets an error answer on the output topic, so nobody waits for it forever.
  private async answerDeadLetter(envelope: ModelEventEnvelope): Promise<void> {
    const dispatcher = this.dispatcher;
    const rejection = dispatcher === null ? null : deadLetterRejection(envelope, this.topics.input);
    if (dispatcher === null || rejection === null) return;
    await dispatcher.rejectUndecodable(rejection.correlationId, rejection.error, rejection.causationId);
  }

  /**
   * Publishes a command envelope on the input topic. With `wait`, resolves with the response (or error) envelope
   * once it appears on the output topic; rejects with TIMEOUT_ERROR when it does not in time. A command whose given
   * `envelope_id` was processed already is not published again (`duplicate: true`).
   */
  async submit(request: ModelRuntimeSubmitRequest): Promise<{ readonly command: ModelEventEnvelope; readonly response: ModelEventEnvelope | null; readonly duplicate?: boolean }> {
    const created = createEventEnvelope({
      event_type: `${request.operation}.requested`,
      source: "onex-hub",
      operation: request.operation,
      payload: request.payload,
      correlation_id: request.correlation_id,
    });
    const command = request.envelope_id === undefined ? created : { ...created, envelope_id: request.envelope_id };
    // A client's retry of a command that was answered already: say so instead of waiting for an answer that the
    // dispatcher would not publish again. (A failed check is left to the dispatcher's own check.)
    const idempotency = this.components?.idempotency;
    if (request.envelope_id !== undefined && idempotency !== undefined && (await idempotency.isProcessed(RUNTIME_IDEMPOTENCY_DOMAIN, request.envelope_id).catch(() => false))) {
      return { command, response: null, duplicate: true };
    }
    const bus = this.components?.bus;
    if (!this.ready || bus === undefined) {
      throw new ModelOnexError(`the runtime is ${this.stateValue}, not ready to accept commands`, {
        errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
        correlationId: command.correlation_id,
      });
    }
    if (!request.wait) {
      await bus.publishEnvelope(this.topics.input, command);
      return { command, response: null };
    }
    const timeoutMs = Math.min(request.timeout_ms ?? this.config.http.default_wait_ms, this.config.http.max_wait_ms);
    const response = this.waiters.wait(command.envelope_id, timeoutMs, command.correlation_id);
    response.catch(() => undefined);
    await bus.publishEnvelope(this.topics.input, command);
    return { command, response: await response };
  }

  /** Liveness plus the health of every component (sanitised; each check bounded in time). */
  async health(): Promise<RuntimeHealth> {
    const components: Record<string, ProtocolHealthCheckResult> = {};
    const checks: [string, ProtocolHealthCheck][] = [];
    if (this.components !== null) {
      checks.push(["bus", this.components.bus]);
      for (const [name, check] of Object.entries(this.components.healthChecks ?? {})) checks.push([name, check]);
    }
    for (const spec of this.startedHandlers) checks.push([`handler:${spec.handler.handlerType}`, spec.handler]);
    const results = await Promise.all(checks.map(([, check]) => boundedHealth(() => check.health(), HEALTH_TIMEOUT_MS)));
    checks.forEach(([name], index) => {
      const result = results[index];
      if (result !== undefined) components[name] = { healthy: result.healthy, details: sanitizeValue(result.details) as Record<string, unknown> };
    });
    for (const failed of this.failedHandlers) components[`handler:${failed.handlerType}`] = { healthy: false, details: { reason: failed.reason, started: false } };
    const healthy = Object.values(components).every((c) => c.healthy);
    const state = this.stateValue;
    const status = state === "ready" ? (healthy ? "ok" : "degraded") : state === "created" ? "starting" : state;
    return { status, ready: this.ready, state, instanceId: this.instanceId, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000), components };
  }

  /** Started and failed handlers with their descriptions. */
  handlers(): RuntimeHandlerView[] {
    const started = this.startedHandlers.map((spec): RuntimeHandlerView => ({ ...spec.handler.describe(), backend: spec.backend ?? null, status: "started" }));
    const failed = this.failedHandlers.map((f): RuntimeHandlerView => {
      const spec = this.components?.handlers.find((s) => s.handler.handlerType === f.handlerType);
      const description = spec?.handler.describe() ?? { handlerType: f.handlerType, operations: [], version: "unknown", description: "" };
      return { ...description, backend: f.backend ?? null, status: "failed", reason: f.reason };
    });
    return [...started, ...failed];
  }

  /** Registered nodes and their registration state ([] when no node registry is wired). */
  async nodes(): Promise<readonly ProtocolNodeRegistryRecord[]> {
    return (await this.nodeRegistry?.listNodes()) ?? [];
  }

  /** The node-registration workflow, when it runs. */
  get nodeRegistration(): RuntimeRegistration | null {
    return this.registration;
  }

  /** Circuit states: every breaker of the container's factory, plus those components report in their health. */
  async circuits(): Promise<CircuitStateSample[]> {
    const byName = new Map<string, CircuitStateSample>();
    for (const snapshot of this.breakers?.snapshots() ?? []) byName.set(snapshot.name, { ...snapshot });
    // A component's own report counts only when its breaker is not already in the factory (`db:<target>`, `http:<host>`...).
    const known = [...byName.keys()];
    const inFactory = (type: string): boolean => known.some((name) => name === type || name.startsWith(`${type}:`) || name.startsWith(`${type}.`));
    const sources: [string, ProtocolHealthCheck][] = this.startedHandlers.filter((s) => !inFactory(s.handler.handlerType)).map((s) => [s.handler.handlerType, s.handler]);
    if (this.components !== null) sources.push(["event-bus", this.components.bus]);
    const results = await Promise.all(sources.map(([, check]) => boundedHealth(() => check.health(), HEALTH_TIMEOUT_MS)));
    sources.forEach(([name], index) => {
      const result = results[index];
      const sample = result === undefined ? null : circuitFromHealth(name, result);
      if (sample !== null && !byName.has(sample.name)) byName.set(sample.name, sample);
    });
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get dlq(): RuntimeDlqView | null {
    return this.dlqView;
  }

  /**
   * Graceful drain within `drainTimeoutMs` (default from config): stop intake, finish in-flight envelopes, stop
   * the views, shut the bus down, shut the handlers down, run the closers. Resolves `true` when everything
   * finished in time. Idempotent.
   */
  stop(drainTimeoutMs: number = this.config.drain_timeout_ms): Promise<boolean> {
    this.stopping ??= this.drain(drainTimeoutMs);
    return this.stopping;
  }

  private async drain(drainTimeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + drainTimeoutMs;
    if (this.stateValue === "created" || this.stateValue === "stopped") {
      this.stateValue = "stopped";
      return true;
    }
    this.stateValue = "draining";
    // The in-memory bus lives in this process: what it holds when we exit is gone. The hub refuses new commands from
    // now on, so finish every accepted one before stopping intake.
    const bus = this.components?.bus;
    const inMemory = bus instanceof EventBusInmemory ? bus : null;
    const backlog = (): number => inMemory?.lagOf(this.topics.input, this.config.bus.group_id) ?? 0;
    this.logger.info({ drainTimeoutMs, inFlight: this.inFlight, ...(inMemory === null ? {} : { backlog: backlog() }) }, "draining");
    let clean = true;
    if (this.intake !== null && inMemory !== null) {
      clean = await this.step(
        "finish the in-memory backlog",
        async () => (await waitUntil(() => backlog() === 0, deadline)) || Promise.reject(new Error(`${backlog()} accepted envelope(s) of the in-memory bus were not processed and are lost`)),
        deadline,
      );
    }
    // Unsubscribing waits for the envelopes being processed; whatever does not finish in time stays uncommitted.
    const intake = this.intake;
    this.intake = null;
    clean = (intake === null || (await this.step("finish in-flight envelopes and stop intake", intake, deadline))) && clean;
    clean = (await this.release(deadline)) && clean;
    this.stateValue = "stopped";
    this.logger.info({ clean }, clean ? "drained cleanly" : "drain did not finish cleanly");
    return clean;
  }

  // One drain step: true when it finished in time without error; otherwise says which step and why.
  private async step(name: string, work: () => Promise<unknown>, deadline: number): Promise<boolean> {
    const outcome = { failed: false };
    const running = work().catch((error: unknown) => {
      outcome.failed = true;
      this.logger.error({ err: error, step: name }, `drain step failed: ${name}`);
    });
    const inTime = await withinDeadline(running, deadline);
    if (!inTime) this.logger.warn({ step: name }, `drain step did not finish in time: ${name}`);
    return inTime && !outcome.failed;
  }

  private async release(deadline: number): Promise<boolean> {
    const auxiliary = this.auxiliary;
    this.auxiliary = [];
    let clean = await this.step("stop hub subscriptions", () => Promise.all(auxiliary.map((unsubscribe) => unsubscribe())), deadline);
    this.waiters.rejectAll(
      (correlationId) => new ModelOnexError("the runtime is shutting down", { errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE, correlationId }),
    );
    // The bus gets what is left of the drain budget; closing connections afterwards may take a moment more.
    const components = this.components;
    if (components !== null) {
      const bus = components.bus;
      clean = (await this.step("shut the event bus down", () => bus.shutdown({ drainTimeoutMs: Math.max(0, deadline - Date.now()) }), deadline + 2_000)) && clean;
    }
    const registry = this.registry;
    if (registry !== null) clean = (await this.step("shut handlers down", () => registry.shutdownAll(), Math.max(deadline, Date.now()) + 2_000)) && clean;
    for (const close of components?.closers ?? []) clean = (await this.step("close runtime resources", close, Math.max(deadline, Date.now()) + 2_000)) && clean;
    if (this.ownsContainer) await this.container.dispose().catch(() => undefined);
    return clean;
  }

}
