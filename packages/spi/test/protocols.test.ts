// Type-level specification of the protocols: a minimal sample implementation of each one satisfies it, and
// dropping a member or mistyping it does not. The assertions are checked by `pnpm typecheck` (tsc); at run time
// vitest only sees that the samples behave as documented.
import type {
  EnumNodeType,
  ModelComputeInput,
  ModelComputeOutput,
  ModelEffectInput,
  ModelEffectOutput,
  ModelEventEnvelope,
  ModelOrchestratorInput,
  ModelOrchestratorOutput,
  ModelReducerInput,
  ModelReducerOutput,
} from "@onex/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  ProtocolCacheService,
  ProtocolCacheServiceLock,
  ProtocolCacheServiceLockOptions,
  ProtocolCacheServiceSetOptions,
  ProtocolCircuitBreaker,
  ProtocolCircuitBreakerSnapshot,
  ProtocolCircuitBreakerState,
  ProtocolCircuitBreakerStateChange,
  ProtocolComputeNode,
  ProtocolDatabaseConnection,
  ProtocolDatabaseConnectionExecutor,
  ProtocolDatabaseConnectionQueryResult,
  ProtocolDlqHandler,
  ProtocolDlqHandlerEntry,
  ProtocolDlqHandlerMessage,
  ProtocolDlqHandlerMetadata,
  ProtocolEffectNode,
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusSubscribeOptions,
  ProtocolEventBusUnsubscribe,
  ProtocolHandler,
  ProtocolHandlerDescription,
  ProtocolHandlerResult,
  ProtocolHealthCheck,
  ProtocolHealthCheckResult,
  ProtocolIdempotencyStore,
  ProtocolNodeRegistry,
  ProtocolNodeRegistryRecord,
  ProtocolNodeRegistryRegistration,
  ProtocolOrchestratorNode,
  ProtocolPluginCompute,
  ProtocolPolicy,
  ProtocolProjectionReader,
  ProtocolProjectionReaderPage,
  ProtocolProjector,
  ProtocolProjectorInput,
  ProtocolProjectorResult,
  ProtocolReducerNode,
  ProtocolSecretStore,
  ProtocolSecretStoreReadOptions,
  ProtocolSecretStoreSecret,
  ProtocolServiceDiscovery,
  ProtocolServiceDiscoveryInstance,
  ProtocolServiceDiscoveryRegistration,
} from "../src/index.js";

const healthy = (): Promise<ProtocolHealthCheckResult> => Promise.resolve({ healthy: true, details: {} });
const done = (): Promise<void> => Promise.resolve();

class SampleEventBus {
  readonly published: { topic: string; message: ProtocolEventBusMessage }[] = [];
  start(): Promise<void> {
    return done();
  }
  publish(topic: string, message: ProtocolEventBusMessage): Promise<void> {
    this.published.push({ topic, message });
    return done();
  }
  publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void> {
    return this.publish(topic, { key: key ?? envelope.correlation_id, value: JSON.stringify(envelope) });
  }
  subscribe(
    _topic: string,
    _groupId: string,
    _handler: ProtocolEventBusHandler,
    _options?: ProtocolEventBusSubscribeOptions,
  ): Promise<ProtocolEventBusUnsubscribe> {
    return Promise.resolve(done);
  }
  health = healthy;
  shutdown(_options?: { drainTimeoutMs?: number | undefined }): Promise<void> {
    return done();
  }
}

class SampleHandler {
  readonly handlerType = "db";
  initialize(_config: unknown): Promise<void> {
    return done();
  }
  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    return Promise.resolve({ payload: { operation: envelope.operation }, metadata: { rows: 0 } });
  }
  describe(): ProtocolHandlerDescription {
    return { handlerType: this.handlerType, operations: ["db.query"], version: "1.0.0", description: "sample" };
  }
  health = healthy;
  shutdown = done;
}

class SampleServiceDiscovery {
  readonly #instances = new Map<string, ProtocolServiceDiscoveryInstance>();
  register(r: ProtocolServiceDiscoveryRegistration): Promise<void> {
    this.#instances.set(r.serviceId, { ...r, tags: r.tags ?? [], metadata: r.metadata ?? {}, healthy: true });
    return done();
  }
  deregister(serviceId: string): Promise<void> {
    this.#instances.delete(serviceId);
    return done();
  }
  discover(serviceName: string): Promise<readonly ProtocolServiceDiscoveryInstance[]> {
    return Promise.resolve([...this.#instances.values()].filter((i) => i.serviceName === serviceName && i.healthy));
  }
  watch(serviceName: string, listener: (instances: readonly ProtocolServiceDiscoveryInstance[]) => void): Promise<() => Promise<void>> {
    return this.discover(serviceName).then((instances) => {
      listener(instances);
      return done;
    });
  }
  health = healthy;
}

class SampleSecretStore {
  getSecret(path: string, key?: undefined, options?: ProtocolSecretStoreReadOptions): Promise<ProtocolSecretStoreSecret>;
  getSecret(path: string, key: string, options?: ProtocolSecretStoreReadOptions): Promise<string>;
  getSecret(path: string, key?: string, options?: ProtocolSecretStoreReadOptions): Promise<ProtocolSecretStoreSecret | string> {
    const secret: ProtocolSecretStoreSecret = { path, data: { user: "app" }, version: options?.version ?? 1, createdTime: null };
    return Promise.resolve(key === undefined ? secret : (secret.data[key] ?? ""));
  }
  putSecret(_path: string, _data: Readonly<Record<string, string>>): Promise<{ readonly version: number }> {
    return Promise.resolve({ version: 2 });
  }
  deleteSecret = done;
  listSecrets(_prefix: string): Promise<readonly string[]> {
    return Promise.resolve(["db", "kafka/"]);
  }
  health = healthy;
}

class SampleExecutor {
  query<TRow = Readonly<Record<string, unknown>>>(_sql: string, _params?: readonly unknown[]): Promise<ProtocolDatabaseConnectionQueryResult<TRow>> {
    return Promise.resolve({ rows: [], rowCount: 0 });
  }
  execute(_sql: string, _params?: readonly unknown[]): Promise<{ readonly rowCount: number }> {
    return Promise.resolve({ rowCount: 1 });
  }
}

class SampleDatabaseConnection extends SampleExecutor {
  transaction<T>(fn: (tx: ProtocolDatabaseConnectionExecutor) => Promise<T>): Promise<T> {
    return fn(new SampleExecutor());
  }
  close = done;
  health = healthy;
}

class SampleCacheService {
  readonly #values = new Map<string, string>();
  get(key: string): Promise<string | null> {
    return Promise.resolve(this.#values.get(key) ?? null);
  }
  set(key: string, value: string, options?: ProtocolCacheServiceSetOptions): Promise<boolean> {
    if (options?.onlyIfAbsent === true && this.#values.has(key)) return Promise.resolve(false);
    this.#values.set(key, value);
    return Promise.resolve(true);
  }
  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.#values.delete(key));
  }
  incr(key: string, by = 1): Promise<number> {
    const next = Number(this.#values.get(key) ?? "0") + by;
    this.#values.set(key, String(next));
    return Promise.resolve(next);
  }
  expire(key: string, _ttlSeconds: number): Promise<boolean> {
    return Promise.resolve(this.#values.has(key));
  }
  acquireLock(name: string, _options: ProtocolCacheServiceLockOptions): Promise<ProtocolCacheServiceLock | null> {
    return Promise.resolve({ name, token: "t" });
  }
  releaseLock(_lock: ProtocolCacheServiceLock): Promise<boolean> {
    return Promise.resolve(true);
  }
  health = healthy;
}

class SampleIdempotencyStore {
  readonly #seen = new Set<string>();
  checkAndRecord(domain: string, messageId: string, _ttlSeconds?: number): Promise<boolean> {
    const key = `${domain}:${messageId}`;
    const first = !this.#seen.has(key);
    this.#seen.add(key);
    return Promise.resolve(first);
  }
  isProcessed(domain: string, messageId: string): Promise<boolean> {
    return Promise.resolve(this.#seen.has(`${domain}:${messageId}`));
  }
  cleanup(_olderThan: Date): Promise<number> {
    return Promise.resolve(0);
  }
}

class SampleCircuitBreaker {
  state: ProtocolCircuitBreakerState = "closed";
  execute<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  snapshot(): ProtocolCircuitBreakerSnapshot {
    return { name: "postgres", state: this.state, failures: 0, openedAt: null, nextAttemptAt: null, totalCalls: 0, totalFailures: 0, totalRejections: 0 };
  }
  onStateChange(_listener: (change: ProtocolCircuitBreakerStateChange) => void): () => void {
    return () => undefined;
  }
}

interface NodeRow {
  readonly id: string;
  readonly state: string;
}

class SampleProjectionReader {
  get(id: string): Promise<NodeRow | null> {
    return Promise.resolve({ id, state: "registered" });
  }
  list(): Promise<ProtocolProjectionReaderPage<NodeRow>> {
    return Promise.resolve({ items: [], nextCursor: null });
  }
}

class SampleProjector {
  readonly projectionName = "node_registrations";
  readonly #last = new Map<string, number>();
  project(input: ProtocolProjectorInput<ModelEventEnvelope>): Promise<ProtocolProjectorResult> {
    const last = this.#last.get(input.entityId) ?? -1;
    if (input.sequence <= last) return Promise.resolve({ applied: false, lastSequence: last });
    this.#last.set(input.entityId, input.sequence);
    return Promise.resolve({ applied: true, lastSequence: input.sequence });
  }
  lastSequence(entityId: string): Promise<number | null> {
    return Promise.resolve(this.#last.get(entityId) ?? null);
  }
}

class SampleDlqHandler {
  readonly #entries: ProtocolDlqHandlerEntry[] = [];
  publish(message: ProtocolDlqHandlerMessage, metadata: ProtocolDlqHandlerMetadata): Promise<string> {
    const entryId = String(this.#entries.length + 1);
    this.#entries.push({ entryId, message, metadata });
    return Promise.resolve(entryId);
  }
  list(): Promise<readonly ProtocolDlqHandlerEntry[]> {
    return Promise.resolve([...this.#entries].reverse());
  }
  replay(_entryId: string): Promise<void> {
    return done();
  }
}

const retryPolicy = {
  policyId: "retry.backoff",
  policyType: "retry",
  version: "1.2.0",
  evaluate: (input: { attempt: number }): number => 100 * 2 ** input.attempt,
};

const upperPlugin = {
  pluginId: "text.upper",
  version: "1.0.0",
  compute: (input: string): string => input.toUpperCase(),
};

class SampleNodeRegistry {
  readonly #nodes = new Map<string, ProtocolNodeRegistryRecord>();
  registerNode(r: ProtocolNodeRegistryRegistration): Promise<ProtocolNodeRegistryRecord> {
    const record: ProtocolNodeRegistryRecord = {
      ...r,
      endpoints: r.endpoints ?? {},
      capabilities: r.capabilities ?? [],
      metadata: r.metadata ?? {},
      registrationState: "pending",
      registeredAt: "2025-01-01T00:00:00.000Z",
      lastHeartbeatAt: null,
    };
    this.#nodes.set(r.nodeId, record);
    return Promise.resolve(record);
  }
  heartbeat = done;
  listNodes(): Promise<readonly ProtocolNodeRegistryRecord[]> {
    return Promise.resolve([...this.#nodes.values()]);
  }
  getNode(nodeId: string): Promise<ProtocolNodeRegistryRecord | null> {
    return Promise.resolve(this.#nodes.get(nodeId) ?? null);
  }
  deregisterNode(nodeId: string): Promise<boolean> {
    return Promise.resolve(this.#nodes.delete(nodeId));
  }
}

const envelope: ModelEventEnvelope = {
  envelope_id: "6f1c1c4e-2a55-4d59-9f43-7d1b0f6f3b8e",
  correlation_id: "c-1",
  causation_id: null,
  operation: "db.query",
  event_type: "db.query.requested",
  source: "test",
  timestamp: "2025-01-01T00:00:00.000Z",
  payload: { sql: "select 1" },
  retry_count: 0,
  max_retries: 3,
  trace_context: {},
  metadata: {},
};

const effectOutput: ModelEffectOutput = {
  operation: "db.query",
  result: { rows: [] },
  success: true,
  retry_count: 0,
  processing_time_ms: 1,
  correlation_id: "c-1",
};

describe("spi protocols are satisfied by minimal implementations", () => {
  it("ProtocolHealthCheck: anything with health() resolving {healthy, details}", () => {
    expectTypeOf({ health: healthy }).toExtend<ProtocolHealthCheck>();
    expectTypeOf({ health: () => Promise.resolve({ healthy: true }) }).not.toExtend<ProtocolHealthCheck>();
  });

  it("ProtocolEventBus: start, publish, publishEnvelope, subscribe -> unsubscribe, health, shutdown", async () => {
    expectTypeOf<SampleEventBus>().toExtend<ProtocolEventBus>();
    expectTypeOf<Omit<SampleEventBus, "shutdown">>().not.toExtend<ProtocolEventBus>();
    expectTypeOf<ProtocolEventBus["subscribe"]>().returns.toEqualTypeOf<Promise<ProtocolEventBusUnsubscribe>>();
    expectTypeOf<ProtocolEventBusMessage>().toHaveProperty("value").toEqualTypeOf<Uint8Array | string>();
    const bus: ProtocolEventBus = new SampleEventBus();
    await bus.publishEnvelope("dev.onex.cmd.test.query.v1", envelope);
    const unsubscribe = await bus.subscribe("t", "g", () => done(), { maxRetries: 2, dlqTopic: "dlq", fromBeginning: true });
    await expect(unsubscribe()).resolves.toBeUndefined();
  });

  it("ProtocolHandler: handlerType, initialize, execute -> {payload, metadata}, describe, health, shutdown", async () => {
    expectTypeOf<SampleHandler>().toExtend<ProtocolHandler>();
    expectTypeOf<Omit<SampleHandler, "describe">>().not.toExtend<ProtocolHandler>();
    expectTypeOf<ProtocolHandler["execute"]>().parameter(0).toEqualTypeOf<ModelEventEnvelope>();
    const handler: ProtocolHandler = new SampleHandler();
    await expect(handler.execute(envelope)).resolves.toEqual({ payload: { operation: "db.query" }, metadata: { rows: 0 } });
    expect(handler.describe().operations).toContain("db.query");
  });

  it("ProtocolServiceDiscovery: register with health check, discover healthy instances, watch", async () => {
    expectTypeOf<SampleServiceDiscovery>().toExtend<ProtocolServiceDiscovery>();
    expectTypeOf<Omit<SampleServiceDiscovery, "watch">>().not.toExtend<ProtocolServiceDiscovery>();
    const discovery: ProtocolServiceDiscovery = new SampleServiceDiscovery();
    await discovery.register({
      serviceId: "db-1",
      serviceName: "db",
      address: "127.0.0.1",
      port: 5432,
      healthCheck: { tcpAddress: "127.0.0.1:5432", intervalSeconds: 10 },
    });
    const seen: number[] = [];
    const stop = await discovery.watch("db", (instances) => seen.push(instances.length));
    await stop();
    expect(seen).toEqual([1]);
  });

  it("ProtocolSecretStore: getSecret(path) gives the secret, getSecret(path, key) one value", async () => {
    expectTypeOf<SampleSecretStore>().toExtend<ProtocolSecretStore>();
    expectTypeOf<Omit<SampleSecretStore, "listSecrets">>().not.toExtend<ProtocolSecretStore>();
    const store: ProtocolSecretStore = new SampleSecretStore();
    expectTypeOf(store.getSecret("onex/db")).resolves.toEqualTypeOf<ProtocolSecretStoreSecret>();
    expectTypeOf(store.getSecret("onex/db", "user")).resolves.toEqualTypeOf<string>();
    await expect(store.getSecret("onex/db", "user")).resolves.toBe("app");
    await expect(store.getSecret("onex/db", undefined, { version: 3 })).resolves.toMatchObject({ version: 3 });
  });

  it("ProtocolDatabaseConnection: query<T>, execute, transaction(fn), close", async () => {
    expectTypeOf<SampleDatabaseConnection>().toExtend<ProtocolDatabaseConnection>();
    expectTypeOf<SampleExecutor>().not.toExtend<ProtocolDatabaseConnection>();
    const db: ProtocolDatabaseConnection = new SampleDatabaseConnection();
    expectTypeOf(db.query<{ id: number }>("select $1::int as id", [1])).resolves.toHaveProperty("rows").toEqualTypeOf<readonly { id: number }[]>();
    await expect(db.transaction((tx) => tx.execute("update t set x = $1", [1]))).resolves.toEqual({ rowCount: 1 });
  });

  it("ProtocolCacheService: get/set with TTL, delete, incr, expire, locks", async () => {
    expectTypeOf<SampleCacheService>().toExtend<ProtocolCacheService>();
    expectTypeOf<Omit<SampleCacheService, "releaseLock">>().not.toExtend<ProtocolCacheService>();
    const cache: ProtocolCacheService = new SampleCacheService();
    await cache.set("k", "v", { ttlSeconds: 60 });
    await expect(cache.set("k", "w", { onlyIfAbsent: true })).resolves.toBe(false);
    await expect(cache.incr("n", 2)).resolves.toBe(2);
  });

  it("ProtocolIdempotencyStore: checkAndRecord is true only the first time", async () => {
    expectTypeOf<SampleIdempotencyStore>().toExtend<ProtocolIdempotencyStore>();
    expectTypeOf<Omit<SampleIdempotencyStore, "cleanup">>().not.toExtend<ProtocolIdempotencyStore>();
    const store: ProtocolIdempotencyStore = new SampleIdempotencyStore();
    await expect(store.checkAndRecord("registration", "m-1")).resolves.toBe(true);
    await expect(store.checkAndRecord("registration", "m-1", 60)).resolves.toBe(false);
    await expect(store.isProcessed("registration", "m-1")).resolves.toBe(true);
  });

  it("ProtocolCircuitBreaker: execute(fn), state, snapshot, onStateChange -> unsubscribe", async () => {
    expectTypeOf<SampleCircuitBreaker>().toExtend<ProtocolCircuitBreaker>();
    expectTypeOf<Omit<SampleCircuitBreaker, "snapshot">>().not.toExtend<ProtocolCircuitBreaker>();
    expectTypeOf<ProtocolCircuitBreakerState>().toEqualTypeOf<"closed" | "open" | "half_open">();
    const breaker: ProtocolCircuitBreaker = new SampleCircuitBreaker();
    await expect(breaker.execute(() => Promise.resolve(42), { operation: "query" })).resolves.toBe(42);
  });

  it("ProtocolProjectionReader and ProtocolProjector: read by id or page; project idempotently by sequence", async () => {
    expectTypeOf<SampleProjectionReader>().toExtend<ProtocolProjectionReader<NodeRow>>();
    expectTypeOf<SampleProjectionReader>().not.toExtend<ProtocolProjectionReader<{ other: true }>>();
    expectTypeOf<SampleProjector>().toExtend<ProtocolProjector>();
    const projector: ProtocolProjector = new SampleProjector();
    await projector.project({ entityId: "n1", sequence: 1, event: envelope });
    await expect(projector.project({ entityId: "n1", sequence: 1, event: envelope })).resolves.toEqual({ applied: false, lastSequence: 1 });
  });

  it("ProtocolDlqHandler: publish envelopes or raw messages with metadata, list, replay", async () => {
    expectTypeOf<SampleDlqHandler>().toExtend<ProtocolDlqHandler>();
    expectTypeOf<Omit<SampleDlqHandler, "replay">>().not.toExtend<ProtocolDlqHandler>();
    const dlq: ProtocolDlqHandler = new SampleDlqHandler();
    const metadata: ProtocolDlqHandlerMetadata = {
      originalTopic: "t",
      reason: "invalid JSON",
      errorCode: null,
      correlationId: "c-1",
      retryCount: 0,
      failedAt: "2025-01-01T00:00:00.000Z",
    };
    await dlq.publish({ kind: "raw", value: "{oops" }, metadata);
    const id = await dlq.publish({ kind: "envelope", envelope }, { ...metadata, reason: "handler failed", retryCount: 3 });
    await expect(dlq.list()).resolves.toHaveLength(2);
    expect(id).toBe("2");
  });

  it("ProtocolPolicy and ProtocolPluginCompute: pure, versioned, and storable as their unknown-typed form", () => {
    expectTypeOf(retryPolicy).toExtend<ProtocolPolicy<{ attempt: number }, number>>();
    expectTypeOf<ProtocolPolicy<{ attempt: number }, number>>().toExtend<ProtocolPolicy>();
    expectTypeOf<ProtocolPolicy["evaluate"]>().returns.not.toExtend<Promise<unknown>>();
    expectTypeOf(upperPlugin).toExtend<ProtocolPluginCompute<string, string>>();
    expectTypeOf<ProtocolPluginCompute<string, string>>().toExtend<ProtocolPluginCompute>();
    expectTypeOf({ pluginId: "x", compute: (s: string) => s }).not.toExtend<ProtocolPluginCompute<string, string>>();
    expect(retryPolicy.evaluate({ attempt: 2 })).toBe(400);
  });

  it("ProtocolNodeRegistry: register, heartbeat, list with registration state, get", async () => {
    expectTypeOf<SampleNodeRegistry>().toExtend<ProtocolNodeRegistry>();
    expectTypeOf<Omit<SampleNodeRegistry, "heartbeat">>().not.toExtend<ProtocolNodeRegistry>();
    expectTypeOf<ProtocolNodeRegistryRecord>().toHaveProperty("nodeType").toEqualTypeOf<EnumNodeType>();
    const registry: ProtocolNodeRegistry = new SampleNodeRegistry();
    await registry.registerNode({ nodeId: "n1", nodeName: "postgres_adapter", nodeType: "EFFECT_GENERIC", nodeVersion: "1.0.0" });
    await expect(registry.getNode("n1")).resolves.toMatchObject({ registrationState: "pending", lastHeartbeatAt: null });
  });

  it("node protocols: process(input) resolves core's output model for core's input model", async () => {
    const effect = {
      process: (input: ModelEffectInput): Promise<ModelEffectOutput> =>
        Promise.resolve({ ...effectOutput, operation: input.operation }),
    };
    expectTypeOf(effect).toExtend<ProtocolEffectNode>();
    expectTypeOf<ProtocolEffectNode["process"]>().parameter(0).toEqualTypeOf<ModelEffectInput>();
    expectTypeOf<ProtocolComputeNode["process"]>().parameters.toEqualTypeOf<[ModelComputeInput]>();
    expectTypeOf<ProtocolComputeNode["process"]>().returns.toEqualTypeOf<Promise<ModelComputeOutput>>();
    expectTypeOf<ProtocolReducerNode["process"]>().parameters.toEqualTypeOf<[ModelReducerInput]>();
    expectTypeOf<ProtocolReducerNode["process"]>().returns.toEqualTypeOf<Promise<ModelReducerOutput>>();
    expectTypeOf<ProtocolOrchestratorNode["process"]>().parameters.toEqualTypeOf<[ModelOrchestratorInput]>();
    expectTypeOf<ProtocolOrchestratorNode["process"]>().returns.toEqualTypeOf<Promise<ModelOrchestratorOutput>>();
    // A synchronous process() is not a node.
    expectTypeOf({ process: (_input: ModelComputeInput) => effectOutput }).not.toExtend<ProtocolComputeNode>();
    await expect(effect.process({ operation: "db.query", payload: {} })).resolves.toMatchObject({ operation: "db.query" });
  });
});
