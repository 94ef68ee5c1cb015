// In-memory fakes of the protocols the registration workflow depends on, with failure injection and call counters.
import { createEventEnvelope, ModelONEXContainer, type ModelEventEnvelope } from "@onex/core";
import type {
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusUnsubscribe,
  ProtocolHealthCheckResult,
  ProtocolServiceDiscovery,
  ProtocolServiceDiscoveryInstance,
  ProtocolServiceDiscoveryRegistration,
} from "@onex/spi";
import { EnumInfraTransportType } from "../../src/enums/enum-infra-transport-type.js";
import { InfraConnectionError } from "../../src/errors/error-infra-connection.js";
import type {
  RegistrationNodeDescription,
  RegistrationProjectionRecord,
  RegistrationProjectionStore,
} from "../../src/registration/registration-projection-store.js";
import { RegistrationProjectionStoreInmemory } from "../../src/registration/registration-projection-store-inmemory.js";
import { registerRegistrationWorkflow, type RegistrationWorkflow, type RegistrationWorkflowOptions } from "../../src/registration/registration-workflow.js";
import { wireInfrastructureServices } from "../../src/wiring/util-wire-infrastructure-services.js";

/** ProtocolServiceDiscovery in a Map; `failRegister` makes the next N registrations fail with a retryable error. */
export class FakeServiceDiscovery implements ProtocolServiceDiscovery {
  readonly instances = new Map<string, ProtocolServiceDiscoveryRegistration>();
  registerCalls = 0;
  deregisterCalls = 0;
  failRegister = 0;

  register(registration: ProtocolServiceDiscoveryRegistration): Promise<void> {
    this.registerCalls += 1;
    if (this.failRegister > 0) {
      this.failRegister -= 1;
      return Promise.reject(new InfraConnectionError("consul agent unreachable", { context: { transportType: EnumInfraTransportType.CONSUL, operation: "register" } }));
    }
    this.instances.set(registration.serviceId, registration);
    return Promise.resolve();
  }

  deregister(serviceId: string): Promise<void> {
    this.deregisterCalls += 1;
    this.instances.delete(serviceId);
    return Promise.resolve();
  }

  discover(serviceName: string): Promise<readonly ProtocolServiceDiscoveryInstance[]> {
    return Promise.resolve(
      [...this.instances.values()]
        .filter((r) => r.serviceName === serviceName)
        .map((r) => ({ serviceId: r.serviceId, serviceName: r.serviceName, address: r.address, port: r.port, tags: [...(r.tags ?? [])], metadata: { ...r.metadata }, healthy: true })),
    );
  }

  watch(): Promise<() => Promise<void>> {
    return Promise.resolve(() => Promise.resolve());
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return Promise.resolve({ healthy: true, details: {} });
  }
}

/** The in-memory projection store with counters and injectable description-upsert failures. */
export class FakeProjectionStore implements RegistrationProjectionStore {
  readonly inner = new RegistrationProjectionStoreInmemory();
  upsertCalls = 0;
  storeCalls = 0;
  failUpsert = 0;
  failStore = 0;

  get(nodeId: string): Promise<RegistrationProjectionRecord | null> {
    return this.inner.get(nodeId);
  }

  list(...args: Parameters<RegistrationProjectionStore["list"]>): Promise<RegistrationProjectionRecord[]> {
    return this.inner.list(...args);
  }

  store(record: RegistrationProjectionRecord): ReturnType<RegistrationProjectionStore["store"]> {
    this.storeCalls += 1;
    if (this.failStore > 0) {
      this.failStore -= 1;
      return Promise.reject(dbDown());
    }
    return this.inner.store(record);
  }

  expire(record: RegistrationProjectionRecord, heartbeatBefore: string): Promise<boolean> {
    return this.inner.expire(record, heartbeatBefore);
  }

  upsertDescription(description: RegistrationNodeDescription, at: string): Promise<void> {
    this.upsertCalls += 1;
    if (this.failUpsert > 0) {
      this.failUpsert -= 1;
      return Promise.reject(dbDown());
    }
    return this.inner.upsertDescription(description, at);
  }
}

function dbDown(): InfraConnectionError {
  return new InfraConnectionError("database unreachable", { context: { transportType: EnumInfraTransportType.DATABASE, operation: "query" } });
}

/** ProtocolEventBus that records every published envelope. */
export class RecordingEventBus implements ProtocolEventBus {
  readonly published: { readonly topic: string; readonly envelope: ModelEventEnvelope; readonly key: string | null | undefined }[] = [];
  failPublish = 0;

  start(): Promise<void> {
    return Promise.resolve();
  }

  publish(_topic: string, _message: ProtocolEventBusMessage): Promise<void> {
    return Promise.resolve();
  }

  publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void> {
    if (this.failPublish > 0) {
      this.failPublish -= 1;
      return Promise.reject(new InfraConnectionError("broker unreachable", { context: { transportType: EnumInfraTransportType.KAFKA, operation: "publish" } }));
    }
    this.published.push({ topic, envelope, key });
    return Promise.resolve();
  }

  subscribe(_topic: string, _groupId: string, _handler: ProtocolEventBusHandler): Promise<ProtocolEventBusUnsubscribe> {
    return Promise.resolve(() => Promise.resolve());
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return Promise.resolve({ healthy: true, details: {} });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Envelopes published with `eventType`. */
  ofType(eventType: string): ModelEventEnvelope[] {
    return this.published.filter((p) => p.envelope.event_type === eventType).map((p) => p.envelope);
  }
}

/** A controllable clock. */
export class FakeClock {
  #ms: number;

  constructor(iso = "2030-01-01T00:00:00.000Z") {
    this.#ms = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** A node.introspection envelope. */
export function introspection(nodeId: string, overrides: Record<string, unknown> = {}): ModelEventEnvelope {
  return createEventEnvelope({
    event_type: "node.introspection",
    source: nodeId,
    payload: {
      node_id: nodeId,
      node_name: "postgres_adapter",
      node_type: "EFFECT_GENERIC",
      node_version: "1.0.0",
      endpoint: "http://10.0.0.5:8085",
      capabilities: ["db.query", "db.execute"],
      metadata: { zone: "eu-1" },
      ...overrides,
    },
  });
}

/** A node.heartbeat envelope. */
export function heartbeat(nodeId: string): ModelEventEnvelope {
  return createEventEnvelope({ event_type: "node.heartbeat", source: nodeId, payload: { node_id: nodeId } });
}

/** Everything a unit test of the workflow needs, wired on fakes. */
export interface RegistrationHarness {
  readonly workflow: RegistrationWorkflow;
  readonly container: ModelONEXContainer;
  readonly discovery: FakeServiceDiscovery;
  readonly store: FakeProjectionStore;
  readonly bus: RecordingEventBus;
  readonly clock: FakeClock;
}

/** Wires the workflow on fakes, with instant retries and a 30 s heartbeat timeout. */
export async function createRegistrationHarness(options: Partial<RegistrationWorkflowOptions> = {}): Promise<RegistrationHarness> {
  const container = new ModelONEXContainer();
  wireInfrastructureServices(container);
  const discovery = new FakeServiceDiscovery();
  const store = new FakeProjectionStore();
  const bus = new RecordingEventBus();
  const clock = new FakeClock();
  const workflow = await registerRegistrationWorkflow(container, {
    env: "test",
    discovery,
    store,
    bus,
    heartbeatTimeoutMs: 30_000,
    now: clock.now,
    effects: { sleep: () => Promise.resolve(), random: () => 0 },
    ...options,
  });
  return { workflow, container, discovery, store, bus, clock };
}
