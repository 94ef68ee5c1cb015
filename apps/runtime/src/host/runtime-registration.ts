// The node-registration workflow inside the runtime: wired on the runtime's database, discovery and bus; subscribed
// to the introspection and heartbeat topics once the bus runs; ticked on an interval (expiry of silent nodes, retry
// of failed registrations); its projection is the node registry behind `GET /api/v1/nodes` and `onex nodes`.
import { EnumCoreErrorCode, ModelOnexError, createEventEnvelope, parseModel, type ModelEventEnvelope, type ModelONEXContainer } from "@onex/core";
import {
  ModelNodeHeartbeatEvent,
  ModelNodeIntrospectionEvent,
  RegistrationProjectionStoreInmemory,
  registerRegistrationWorkflow,
  type RegistrationProjectionStore,
  type RegistrationTickReport,
  type RegistrationWorkflow,
} from "@onex/infra";
import type { ProtocolDatabaseConnection, ProtocolEventBus, ProtocolNodeRegistry, ProtocolServiceDiscovery } from "@onex/spi";
import type { ModelRuntimeConfigRegistration } from "../config/model-runtime-config.js";
import type { RuntimeLogger } from "../logging/util-logger.js";

/** What the workflow runs on: discovery plus the projection's database (or a ready store, e.g. in tests). */
export interface RuntimeRegistrationComponents {
  readonly discovery: ProtocolServiceDiscovery;
  readonly db?: ProtocolDatabaseConnection | undefined;
  readonly store?: RegistrationProjectionStore | undefined;
}

export interface RuntimeRegistrationOptions {
  readonly env: string;
  readonly settings: ModelRuntimeConfigRegistration;
  readonly container: ModelONEXContainer;
  readonly bus: ProtocolEventBus;
  readonly components: RuntimeRegistrationComponents;
  readonly logger: RuntimeLogger;
}

/** Tick interval: configured, else a third of the heartbeat timeout. */
export function registrationTickIntervalMs(settings: ModelRuntimeConfigRegistration): number {
  return settings.tick_interval_ms ?? Math.max(1, Math.floor(settings.heartbeat_timeout_ms / 3));
}

export class RuntimeRegistration {
  private workflowValue: RegistrationWorkflow | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private fallback = false;

  constructor(private readonly options: RuntimeRegistrationOptions) {}

  get workflow(): RegistrationWorkflow | null {
    return this.workflowValue;
  }

  /** True when the database could not hold the projection and an in-memory one is used instead. */
  get usesFallbackStore(): boolean {
    return this.fallback;
  }

  /**
   * Wires the workflow and migrates its projection table. When the database cannot take the projection, the
   * workflow still runs on an in-memory projection (logged loudly) rather than stopping the runtime.
   */
  async wire(): Promise<RegistrationWorkflow> {
    const { env, settings, container, bus, components, logger } = this.options;
    const base = { env, bus, discovery: components.discovery, heartbeatTimeoutMs: settings.heartbeat_timeout_ms, table: settings.table };
    try {
      this.workflowValue = await registerRegistrationWorkflow(container, { ...base, db: components.db, store: components.store });
    } catch (error) {
      if (components.store !== undefined || components.db === undefined) throw error;
      logger.error({ err: error, table: settings.table }, "node registration projection unavailable: using an in-memory projection (registrations are lost on restart)");
      this.fallback = true;
      this.workflowValue = await registerRegistrationWorkflow(container, { ...base, store: new RegistrationProjectionStoreInmemory() });
    }
    return this.workflowValue;
  }

  /** The registry over the projection (after {@link wire}). */
  nodeRegistry(): ProtocolNodeRegistry | undefined {
    return this.workflowValue?.nodeRegistry();
  }

  /**
   * Publishes a `node.introspection` or `node.heartbeat` event on the workflow's topic, as a node does (the hub's way
   * in on the in-memory bus). The payload is validated first: INVALID_INPUT names the bad fields.
   */
  async publish(kind: "introspection" | "heartbeat", payload: unknown, correlationId: string): Promise<ModelEventEnvelope> {
    const workflow = this.workflowValue;
    if (workflow === null) throw new ModelOnexError("node registration is not running", { errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE, correlationId });
    const body =
      kind === "introspection"
        ? parseModel(ModelNodeIntrospectionEvent, payload, "node.introspection payload", correlationId)
        : parseModel(ModelNodeHeartbeatEvent, payload, "node.heartbeat payload", correlationId);
    const envelope = createEventEnvelope({ event_type: `node.${kind}`, source: "onex-hub", payload: body, correlation_id: correlationId });
    await this.options.bus.publishEnvelope(kind === "introspection" ? workflow.topics.introspection : workflow.topics.heartbeat, envelope, body.node_id);
    return envelope;
  }

  /**
   * Subscribes the workflow to the introspection and heartbeat topics (the bus must be started; one consumer group
   * per topic, `<groupId>.introspection` and `<groupId>.heartbeat`) and starts the tick. A failing event rejects, so
   * the bus retries it and finally writes it to the workflow's dead-letter topic.
   */
  async start(groupId: string): Promise<void> {
    const workflow = this.workflowValue;
    if (workflow === null) return;
    await workflow.start(groupId);
    const interval = registrationTickIntervalMs(this.options.settings);
    this.timer = setInterval(() => void this.tick(), interval);
    this.timer.unref();
    this.options.logger.info({ topics: workflow.topics, heartbeatTimeoutMs: this.options.settings.heartbeat_timeout_ms, tickIntervalMs: interval }, "node registration started");
  }

  /** Runs one tick unless one is running; never rejects (a failed tick is logged and the next one tries again). */
  tick(now?: Date): Promise<void> {
    const workflow = this.workflowValue;
    if (workflow === null) return Promise.resolve();
    this.ticking ??= workflow
      .tick(now)
      .then((report) => this.report(report))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "registration tick failed; the next tick tries again"))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private report(report: RegistrationTickReport): void {
    const expired = report.expired.outcomes.filter((o) => o.outcome === "expired").map((o) => o.node_id);
    const retried = (report.retried?.outcomes ?? []).map((o) => `${o.node_id}:${o.outcome}`);
    const errors = [...report.expired.errors, ...(report.retried?.errors ?? [])];
    if (expired.length > 0 || retried.length > 0) this.options.logger.info({ expired, retried }, "registration tick");
    if (errors.length > 0) this.options.logger.warn({ errors }, "registration tick left nodes for the next tick");
  }

  /** Stops the tick and the subscriptions; waits for a running tick. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([this.workflowValue?.stop(), this.ticking]);
  }
}
