// The registration workflow as the runtime uses it: one call wires the five registration nodes and their
// dependencies into a child scope of the runtime's container, runs the projection migration and returns a facade
// with the event handlers, the tick, the subscriptions and a ProtocolNodeRegistry over the projection.
import { createEventEnvelope, createServiceToken, type ModelEventEnvelope, type ModelONEXContainer, type NodeEffectOptions } from "@onex/core";
import type {
  ProtocolDatabaseConnection,
  ProtocolEventBus,
  ProtocolEventBusUnsubscribe,
  ProtocolNodeRegistry,
  ProtocolNodeRegistryRegistration,
  ProtocolServiceDiscovery,
} from "@onex/spi";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { RegistryInfraNodeRegistrationOrchestrator } from "../nodes/node_registration_orchestrator/v1_0_0/registry/registry-infra-node-registration-orchestrator.js";
import { RegistryInfraNodeRegistrationReducer } from "../nodes/node_registration_reducer/v1_0_0/registry/registry-infra-node-registration-reducer.js";
import { RegistryInfraNodeRegistrationStorageEffect } from "../nodes/node_registration_storage_effect/v1_0_0/registry/registry-infra-node-registration-storage-effect.js";
import { RegistryInfraNodeRegistryEffect } from "../nodes/node_registry_effect/v1_0_0/registry/registry-infra-node-registry-effect.js";
import { RegistryInfraNodeServiceDiscoveryEffect } from "../nodes/node_service_discovery_effect/v1_0_0/registry/registry-infra-node-service-discovery-effect.js";
import { NodeRegistryProjection } from "./node-registry-projection.js";
import type { RegistrationOrchestratorPort, RegistrationOutcome, RegistrationSettings } from "./registration-ports.js";
import type { RegistrationProjectionStore } from "./registration-projection-store.js";
import { RegistrationProjectionStorePostgres } from "./registration-projection-store-postgres.js";
import {
  expireStaleNodes,
  retryFailedRegistrations,
  type RegistrationSweepDependencies,
  type RegistrationSweepReport,
} from "./util-registration-expiry.js";
import { RegistrationServiceTokens } from "./util-registration-tokens.js";

/** Default heartbeat timeout: three missed 30-second heartbeats. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 90_000;

/** Options of {@link registerRegistrationWorkflow}. Dependencies not given are resolved from the container. */
export interface RegistrationWorkflowOptions {
  /** Environment segment of the topic names, e.g. `dev`. */
  readonly env: string;
  /** Database of the projection (migration 002 runs on it unless `migrate` is false). */
  readonly db?: ProtocolDatabaseConnection | undefined;
  /** A ready projection store instead of `db` (e.g. RegistrationProjectionStoreInmemory). */
  readonly store?: RegistrationProjectionStore | undefined;
  readonly discovery?: ProtocolServiceDiscovery | undefined;
  readonly bus?: ProtocolEventBus | undefined;
  /** A node without a heartbeat for this long is expired by {@link RegistrationWorkflow.tick}; 90 s by default. */
  readonly heartbeatTimeoutMs?: number | undefined;
  /** Projection table (`table` or `schema.table`); `onex_node_registrations` by default. */
  readonly table?: string | undefined;
  /** Create the projection table when `db` is used; true by default. */
  readonly migrate?: boolean | undefined;
  /** Whether {@link RegistrationWorkflow.tick} also retries failed registrations; true by default. */
  readonly retryFailedOnTick?: boolean | undefined;
  /** Workflow clock; `new Date()` by default. */
  readonly now?: (() => Date) | undefined;
  /** Backoff of the effects' retries (tests inject a sleep that returns at once). */
  readonly effects?: Pick<NodeEffectOptions, "sleep" | "random"> | undefined;
}

/** What {@link RegistrationWorkflow.tick} did. */
export interface RegistrationTickReport {
  readonly expired: RegistrationSweepReport;
  readonly retried: RegistrationSweepReport | null;
}

/** Topics of the workflow for its environment. */
export interface RegistrationTopics {
  readonly introspection: string;
  readonly heartbeat: string;
  readonly registered: string;
  readonly dlq: string;
}

const SOURCE = "node_registry";

/** Consumer groups of {@link RegistrationWorkflow.start} for `groupId`: one per topic. */
function registrationGroups(groupId: string): { readonly introspection: string; readonly heartbeat: string } {
  return { introspection: `${groupId}.introspection`, heartbeat: `${groupId}.heartbeat` };
}

function pickEndpoint(registration: ProtocolNodeRegistryRegistration): string {
  const endpoints = registration.endpoints ?? {};
  const endpoint = endpoints["default"] ?? endpoints["http"] ?? endpoints["api"] ?? Object.values(endpoints)[0];
  if (endpoint === undefined) {
    throw new EnvelopeValidationError(`registerNode: node "${registration.nodeId}" needs at least one endpoint`, {
      context: { transportType: EnumInfraTransportType.RUNTIME, operation: "registerNode" },
    });
  }
  return endpoint;
}

/** The facade over the wired registration nodes; built by {@link registerRegistrationWorkflow}. */
export class RegistrationWorkflow {
  /** The child scope holding the registration nodes and their dependencies. */
  readonly scope: ModelONEXContainer;
  readonly settings: RegistrationSettings;
  readonly topics: RegistrationTopics;
  readonly #store: RegistrationProjectionStore;
  readonly #retryFailedOnTick: boolean;
  #registry: NodeRegistryProjection | undefined;
  #subscriptions: ProtocolEventBusUnsubscribe[] = [];
  #ticking: Promise<RegistrationTickReport> | undefined;

  constructor(scope: ModelONEXContainer, options: { readonly retryFailedOnTick?: boolean | undefined } = {}) {
    this.scope = scope;
    this.settings = scope.resolveService(RegistrationServiceTokens.settings);
    this.#store = scope.resolveService(RegistrationServiceTokens.projectionStore);
    this.#retryFailedOnTick = options.retryFailedOnTick ?? true;
    const env = this.settings.env;
    this.topics = {
      introspection: `${env}.onex.evt.node.introspection.v1`,
      heartbeat: `${env}.onex.evt.node.heartbeat.v1`,
      registered: `${env}.onex.evt.registration.node-registered.v1`,
      dlq: `${env}.onex.dlq.registration.node-registration.v1`,
    };
  }

  /** Runs the registration workflow for a `node.introspection` envelope. */
  handleIntrospection(envelope: ModelEventEnvelope): Promise<RegistrationOutcome> {
    return this.#orchestrator().handleIntrospection(envelope);
  }

  /** Records a `node.heartbeat` envelope (ignored, with a reason, unless the node is active). */
  handleHeartbeat(envelope: ModelEventEnvelope): Promise<RegistrationOutcome> {
    return this.#orchestrator().handleHeartbeat(envelope);
  }

  /**
   * The periodic tick: expire nodes silent for longer than the heartbeat timeout, then retry failed registrations.
   * A tick called while the previous one still runs joins it instead of starting a second sweep.
   */
  tick(now: Date = this.settings.now()): Promise<RegistrationTickReport> {
    this.#ticking ??= this.#tick(now).finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  async #tick(now: Date): Promise<RegistrationTickReport> {
    const expired = await this.expireStaleNodes(now);
    const retried = this.#retryFailedOnTick ? await retryFailedRegistrations(this.#sweepDependencies()) : null;
    return { expired, retried };
  }

  /** Expires active nodes whose last heartbeat is older than `now - timeoutMs` and removes them from discovery. */
  expireStaleNodes(now: Date = this.settings.now(), timeoutMs: number = this.settings.heartbeatTimeoutMs): Promise<RegistrationSweepReport> {
    return expireStaleNodes(this.#sweepDependencies(), now, timeoutMs);
  }

  /** Retries every failed registration. */
  retryFailedRegistrations(): Promise<RegistrationSweepReport> {
    return retryFailedRegistrations(this.#sweepDependencies());
  }

  /** Deregisters a node (terminal) and removes it from discovery. */
  deregister(nodeId: string, correlationId?: string): Promise<RegistrationOutcome> {
    return this.#orchestrator().deregisterNode(nodeId, correlationId);
  }

  /** ProtocolNodeRegistry over the projection; its writes run this workflow. */
  nodeRegistry(): ProtocolNodeRegistry {
    this.#registry ??= new NodeRegistryProjection(this.#store, {
      register: (registration) =>
        this.handleIntrospection(
          createEventEnvelope({
            event_type: "node.introspection",
            source: SOURCE,
            payload: {
              node_id: registration.nodeId,
              node_name: registration.nodeName,
              node_type: registration.nodeType,
              node_version: registration.nodeVersion,
              endpoint: pickEndpoint(registration),
              capabilities: [...(registration.capabilities ?? [])],
              metadata: { ...registration.metadata },
            },
          }),
        ),
      heartbeat: (nodeId) => this.handleHeartbeat(createEventEnvelope({ event_type: "node.heartbeat", source: SOURCE, payload: { node_id: nodeId } })),
      deregister: (nodeId) => this.deregister(nodeId),
    });
    return this.#registry;
  }

  /**
   * Subscribes the workflow to the introspection and heartbeat topics of the bus, one consumer group per topic
   * (`<groupId>.introspection`, `<groupId>.heartbeat`): kafkajs assigns the partitions of every topic of a group to
   * every member, whatever each member subscribed to, and drops the ones it did not, so two topics in one group
   * would leave partitions unconsumed. A handler failure (invalid payload, storage down) rejects, so the bus retries
   * and finally dead-letters it. If one subscription fails, the other is ended and the error is rethrown.
   */
  async start(groupId = "onex.registration"): Promise<void> {
    if (this.#subscriptions.length > 0) return;
    const bus = this.scope.tryResolveService(RegistrationServiceTokens.eventBus);
    if (bus === undefined) throw missing("eventBus");
    const options = { dlqTopic: this.topics.dlq };
    const groups = registrationGroups(groupId);
    const results = await Promise.allSettled([
      bus.subscribe(
        this.topics.introspection,
        groups.introspection,
        async (envelope) => {
          await this.handleIntrospection(envelope);
        },
        options,
      ),
      bus.subscribe(
        this.topics.heartbeat,
        groups.heartbeat,
        async (envelope) => {
          await this.handleHeartbeat(envelope);
        },
        options,
      ),
    ]);
    const subscribed = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failed = results.find((result) => result.status === "rejected");
    if (failed !== undefined) {
      await Promise.allSettled(subscribed.map((unsubscribe) => unsubscribe()));
      throw failed.reason;
    }
    this.#subscriptions.push(...subscribed);
  }

  /** Ends the subscriptions made by {@link start}. */
  async stop(): Promise<void> {
    const subscriptions = this.#subscriptions;
    this.#subscriptions = [];
    await Promise.all(subscriptions.map((unsubscribe) => unsubscribe()));
  }

  #orchestrator(): RegistrationOrchestratorPort {
    return this.scope.resolveService(RegistrationServiceTokens.orchestrator);
  }

  #sweepDependencies(): RegistrationSweepDependencies {
    return { storage: this.scope.resolveService(RegistrationServiceTokens.storageEffect), orchestrator: this.#orchestrator() };
  }
}

/** Container token under which {@link registerRegistrationWorkflow} registers the facade. */
export const RegistrationWorkflowToken = createServiceToken<RegistrationWorkflow>("onex.infra.registration.workflow");

const ENV_SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;

function missing(token: "eventBus" | "serviceDiscovery" | "databaseConnection"): ProtocolConfigurationError {
  return new ProtocolConfigurationError(`registration workflow: "${RegistrationServiceTokens[token].name}" is neither given nor registered in the container`, {
    context: { transportType: EnumInfraTransportType.RUNTIME, operation: "registration.configure" },
  });
}

/**
 * Wires the registration workflow: a child scope of `container` gets the given dependencies (or those of the
 * container under `RegistrationServiceTokens`), the projection store (PostgreSQL on `db`, migrated), the settings
 * and the five nodes; the facade is also registered in `container` under `RegistrationWorkflowToken`.
 */
export async function registerRegistrationWorkflow(container: ModelONEXContainer, options: RegistrationWorkflowOptions): Promise<RegistrationWorkflow> {
  const configure = { context: { transportType: EnumInfraTransportType.RUNTIME, operation: "registration.configure" } };
  if (!ENV_SEGMENT.test(options.env)) {
    throw new ProtocolConfigurationError(`registration workflow: env "${options.env.slice(0, 40)}" must be lower-case letters, digits, '_' or '-'`, configure);
  }
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  if (!Number.isFinite(heartbeatTimeoutMs) || heartbeatTimeoutMs <= 0) {
    throw new ProtocolConfigurationError("registration workflow: heartbeatTimeoutMs must be a positive number", configure);
  }
  if (container.isRegistered(RegistrationWorkflowToken)) {
    throw new ProtocolConfigurationError(`registration workflow: "${RegistrationWorkflowToken.name}" is already registered in this container`, configure);
  }
  const scope = container.createChildScope();
  try {
    const services = scope.serviceRegistry;
    if (options.bus !== undefined) services.registerInstance(RegistrationServiceTokens.eventBus, options.bus);
    if (options.discovery !== undefined) services.registerInstance(RegistrationServiceTokens.serviceDiscovery, options.discovery);
    if (options.db !== undefined) services.registerInstance(RegistrationServiceTokens.databaseConnection, options.db);
    if (!scope.isRegistered(RegistrationServiceTokens.serviceDiscovery)) throw missing("serviceDiscovery");
    let store = options.store;
    if (store === undefined) {
      const db = scope.tryResolveService(RegistrationServiceTokens.databaseConnection);
      if (db === undefined) throw missing("databaseConnection");
      const postgres = new RegistrationProjectionStorePostgres(db, { table: options.table });
      if (options.migrate ?? true) await postgres.migrate();
      store = postgres;
    }
    services.registerInstance(RegistrationServiceTokens.projectionStore, store);
    services.registerInstance(RegistrationServiceTokens.settings, { env: options.env, heartbeatTimeoutMs, now: options.now ?? (() => new Date()) });
    const effects = options.effects ?? {};
    RegistryInfraNodeRegistrationReducer.register(scope);
    RegistryInfraNodeRegistryEffect.register(scope, effects);
    RegistryInfraNodeRegistrationStorageEffect.register(scope, effects);
    RegistryInfraNodeServiceDiscoveryEffect.register(scope, effects);
    RegistryInfraNodeRegistrationOrchestrator.register(scope);
    // Build every node now: a broken contract fails the wiring, not the first event.
    scope.resolveService(RegistrationServiceTokens.reducer);
    for (const effect of ["registryEffect", "storageEffect", "discoveryEffect"] as const) scope.resolveService(RegistrationServiceTokens[effect]);
    scope.resolveService(RegistrationServiceTokens.orchestrator);
    const workflow = new RegistrationWorkflow(scope, { retryFailedOnTick: options.retryFailedOnTick });
    container.serviceRegistry.registerInstance(RegistrationWorkflowToken, workflow);
    return workflow;
  } catch (error) {
    await scope.dispose();
    throw error;
  }
}
