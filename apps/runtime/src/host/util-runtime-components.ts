// Builds the runtime's components from the selected backends: the bus, one database connection (shared by the db
// handler, the idempotency store on PGlite and the node-registration projection), the idempotency store, the
// handlers, discovery, and the services other code resolves from the container (secrets, cache). Embedded defaults
// need no external service: in-memory bus, PGlite, in-process discovery and cache, environment secrets.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ModelONEXContainer } from "@onex/core";
import {
  CacheServiceInmemory,
  DatabaseConnectionPg,
  DatabaseConnectionPglite,
  EventBusInmemory,
  EventBusKafka,
  HandlerConsul,
  HandlerDb,
  HandlerHttp,
  HandlerKafka,
  HandlerValkey,
  HandlerVault,
  IdempotencyStoreInmemory,
  IdempotencyStorePostgres,
  InfraServiceTokens,
  ModelHandlerDbConfig,
  SecretStoreEnv,
  SecretStoreVault,
  ServiceDiscoveryConsul,
  ServiceDiscoveryInmemory,
  type DatabaseConnection,
} from "@onex/infra";
import type { ProtocolEventBus, ProtocolHealthCheck, ProtocolIdempotencyStore, ProtocolServiceDiscovery } from "@onex/spi";
import type { ModelRuntimeConfig } from "../config/model-runtime-config.js";
import type { RuntimeEnv } from "../config/util-load-config.js";
import { describeBackends, type RuntimeBackends } from "../config/util-select-backends.js";
import { IdempotencyStoreDatabase } from "../idempotency/idempotency-store-database.js";
import type { RuntimeLogger } from "../logging/util-logger.js";
import type { RuntimeComponents, RuntimeComponentsFactory } from "./runtime-host.js";
import { RuntimeServiceTokens } from "./util-runtime-tokens.js";
import type { RuntimeHandlerSpec } from "./util-start-handlers.js";

function kafkaPartitions(config: ModelRuntimeConfig): number {
  return Math.max(3, config.concurrency);
}

function createBus(backends: RuntimeBackends, config: ModelRuntimeConfig, logger: RuntimeLogger): ProtocolEventBus {
  const bus = backends.bus;
  if (bus.kind === "inmemory") return new EventBusInmemory({ defaultDrainTimeoutMs: config.drain_timeout_ms });
  return new EventBusKafka({
    brokers: [...bus.brokers],
    clientId: bus.clientId,
    env: config.env,
    createTopics: true,
    // An envelope is acknowledged only after it was processed, one at a time per partition: concurrency comes from
    // consuming partitions side by side, so the runtime's topics get at least that many partitions.
    partitionsConsumedConcurrently: config.concurrency,
    numPartitions: kafkaPartitions(config),
    drainTimeoutMs: config.drain_timeout_ms,
    sessionTimeoutMs: config.bus.session_timeout_ms,
    heartbeatIntervalMs: Math.min(3_000, Math.floor(config.bus.session_timeout_ms / 3)),
    logger: logger.child({ component: "event-bus-kafka" }),
  });
}

interface Database {
  readonly connection: DatabaseConnection;
  readonly handlerConfig: Record<string, unknown>;
}

// One connection for everything database-backed. The db handler's settings (pool size, timeouts) from
// `handlers.db` of the runtime config apply to it.
function createDatabase(backends: RuntimeBackends, config: ModelRuntimeConfig, logger: RuntimeLogger): Database {
  const database = backends.database;
  const overrides = config.handlers["db"] ?? {};
  if (database.kind === "pglite") {
    if (database.dataDir !== null) mkdirSync(path.dirname(database.dataDir), { recursive: true });
    const connection = new DatabaseConnectionPglite(database.dataDir === null ? {} : { dataDir: database.dataDir });
    // PGlite takes seconds to start: begin now, in parallel with the rest of start-up; a failure resurfaces on use.
    void connection.start().catch(() => undefined);
    return { connection, handlerConfig: { ...overrides, driver: "pglite" } };
  }
  const settings = ModelHandlerDbConfig.parse({ ...overrides, driver: "pg", connectionString: database.connectionString });
  const connection = new DatabaseConnectionPg({
    connectionString: settings.connectionString,
    ssl: settings.ssl,
    poolSize: settings.poolSize,
    statementTimeoutMs: settings.statementTimeoutMs,
    connectionTimeoutMs: settings.connectionTimeoutMs,
    idleTimeoutMs: settings.idleTimeoutMs,
    applicationName: settings.applicationName,
    logger: logger.child({ component: "database" }),
  });
  return { connection, handlerConfig: { ...overrides, driver: "pg", connectionString: database.connectionString } };
}

interface Idempotency {
  readonly store: ProtocolIdempotencyStore;
  readonly health?: ProtocolHealthCheck | undefined;
  readonly close?: (() => Promise<void>) | undefined;
}

// PostgreSQL (or PGlite on disk) keeps processed ids across restarts; if the table cannot be prepared the runtime
// still runs, with an in-memory store and a loud log line, rather than refusing every command.
async function createIdempotency(backends: RuntimeBackends, db: DatabaseConnection, logger: RuntimeLogger): Promise<Idempotency> {
  const database = backends.database;
  const fallback = async (error: unknown, close: () => Promise<void>): Promise<Idempotency> => {
    logger.error({ err: error, database: describeBackends(backends).database }, "idempotency table unavailable: using an in-memory idempotency store (duplicates are detected only until restart)");
    await close().catch(() => undefined);
    return { store: new IdempotencyStoreInmemory() };
  };
  if (database.kind === "pglite") {
    const store = new IdempotencyStoreDatabase(db);
    try {
      await store.ensureSchema();
      return { store, health: store };
    } catch (error) {
      return fallback(error, () => Promise.resolve());
    }
  }
  const store = new IdempotencyStorePostgres({ connectionString: database.connectionString, poolConfig: { max: 4, connectionTimeoutMillis: 5_000 } });
  try {
    await store.ensureSchema();
    return { store, health: store, close: () => store.close() };
  } catch (error) {
    return fallback(error, () => store.close());
  }
}

function valkeyUrl(url: string): string {
  return url.replace(/^valkey(s?):\/\//, "redis$1://");
}

function httpAddress(address: string): string {
  return /^https?:\/\//.test(address) ? address.replace(/\/+$/, "") : `http://${address}`;
}

interface Handlers {
  readonly specs: RuntimeHandlerSpec[];
  readonly discovery: ProtocolServiceDiscovery & { close?: () => void };
}

/** Handlers for the selected backends, plus the services registered in the container. */
function createHandlers(backends: RuntimeBackends, env: RuntimeEnv, container: ModelONEXContainer, bus: ProtocolEventBus, database: Database, logger: RuntimeLogger): Handlers {
  const described = describeBackends(backends);
  const breakers = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
  const services = container.serviceRegistry;
  const log = (component: string): RuntimeLogger => logger.child({ component });
  const specs: RuntimeHandlerSpec[] = [];

  const db = new HandlerDb({ circuitBreakerFactory: breakers, logger: log("handler-db"), connection: database.connection });
  specs.push({ handler: db, backend: described.database, config: database.handlerConfig });
  specs.push({ handler: new HandlerHttp({ circuitBreakerFactory: breakers, logger: log("handler-http") }), backend: "http (outbound requests)", config: {} });

  if (backends.bus.kind === "kafka") {
    // Produces through the runtime's bus (its idempotent producer and breaker); topics through its own admin client.
    const kafka = new HandlerKafka({ eventBus: bus, circuitBreakerFactory: breakers, logger: log("handler-kafka") });
    specs.push({ handler: kafka, backend: described.bus, config: { brokers: [...backends.bus.brokers], clientId: `${backends.bus.clientId}-handler` } });
  }

  const cache = backends.cache;
  if (cache.kind === "valkey") {
    const valkey = new HandlerValkey({ circuitBreakerFactory: breakers, logger: log("handler-valkey") });
    specs.push({ handler: valkey, backend: described.cache, config: { url: valkeyUrl(cache.url) } });
    services.registerFactory(RuntimeServiceTokens.cacheService, () => {
      const service = valkey.cache;
      if (service === undefined) throw new Error("the valkey handler did not start: no cache service");
      return service;
    });
  } else {
    services.registerInstance(RuntimeServiceTokens.cacheService, new CacheServiceInmemory());
  }

  const secrets = backends.secrets;
  if (secrets.kind === "vault") {
    const vault = new HandlerVault({ circuitBreakerFactory: breakers, logger: log("handler-vault") });
    const roleId = env.VAULT_ROLE_ID?.trim();
    const secretId = env.VAULT_SECRET_ID?.trim();
    specs.push({
      handler: vault,
      backend: described.secrets,
      config: {
        address: httpAddress(secrets.address),
        ...(secrets.token === undefined ? {} : { token: secrets.token }),
        ...(secrets.namespace === undefined ? {} : { namespace: secrets.namespace }),
        ...(roleId !== undefined && roleId !== "" && secretId !== undefined && secretId !== "" ? { appRole: { roleId, secretId } } : {}),
      },
    });
    services.registerInstance(RuntimeServiceTokens.secretStore, new SecretStoreVault(vault));
  } else {
    const filePath = env.ONEX_SECRETS_FILE?.trim();
    services.registerInstance(
      RuntimeServiceTokens.secretStore,
      new SecretStoreEnv({ env, prefix: env.ONEX_SECRETS_PREFIX ?? "", ...(filePath === undefined || filePath === "" ? {} : { filePath: path.resolve(filePath) }) }),
    );
  }

  let discovery: Handlers["discovery"];
  if (backends.discovery.kind === "consul") {
    const consul = new HandlerConsul({ circuitBreakerFactory: breakers, logger: log("handler-consul") });
    const token = backends.discovery.token;
    specs.push({ handler: consul, backend: described.discovery, config: { address: httpAddress(backends.discovery.address), ...(token === undefined ? {} : { token }) } });
    discovery = new ServiceDiscoveryConsul(consul, { logger: log("service-discovery-consul") });
  } else {
    discovery = new ServiceDiscoveryInmemory();
  }
  services.registerInstance(RuntimeServiceTokens.serviceDiscovery, discovery);
  return { specs, discovery };
}

/** The components factory for `backends` (the runtime host calls it during start). */
export function createRuntimeComponents(backends: RuntimeBackends, env: RuntimeEnv): RuntimeComponentsFactory {
  return async ({ config, logger, container }): Promise<RuntimeComponents> => {
    const bus = createBus(backends, config, logger);
    const database = createDatabase(backends, config, logger);
    const { specs, discovery } = createHandlers(backends, env, container, bus, database, logger);
    const idempotency = await createIdempotency(backends, database.connection, logger);
    const closers: (() => Promise<void>)[] = [];
    if (idempotency.close !== undefined) closers.push(idempotency.close);
    closers.push(() => Promise.resolve(discovery.close?.()));
    closers.push(() => database.connection.close());
    return {
      bus,
      idempotency: idempotency.store,
      handlers: specs,
      healthChecks: idempotency.health === undefined ? {} : { idempotency: idempotency.health },
      registration: { discovery, db: database.connection },
      closers,
    };
  };
}
