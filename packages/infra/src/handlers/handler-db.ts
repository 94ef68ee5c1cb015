// The `db` handler: parameterised SQL against PostgreSQL (`pg` pool) or embedded PGlite, behind one circuit breaker
// per backend and one retry layer. Call path: retryWithBackoff (at most one retry) -> breaker -> connection.
//
// Retry: `db.query` (reads, idempotent) is retried once after a lost connection or a serialization conflict;
// `db.execute` and `db.transaction` only when nothing reached the server (connect/BEGIN failures). Statement
// timeouts are not retried: the statement already used its whole budget.
//
// Breaker: counts failures that say the backend is unhealthy: failed connects, timeouts, refusals. A connection
// dropped under an established session (server restart, pg_terminate_backend) is not counted, because the reconnect
// that follows is the real probe; nor are serialization conflicts or errors in the caller's SQL.
import { setMaxListeners } from "node:events";
import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import type { DatabaseConnection } from "../database/database-connection.js";
import { DatabaseConnectionPg } from "../database/database-connection-pg.js";
import { DatabaseConnectionPglite } from "../database/database-connection-pglite.js";
import { failedBeforeStatement, isTransactionConflict } from "../database/util-database-error.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { isRetryableError } from "../errors/util-to-infra-error.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { retryWithBackoff, type RetryEvent, type RetryOptions } from "../resilience/util-retry.js";
import { ModelHandlerDbConfig } from "./model-handler-db-config.js";
import {
  SILENT_INFRA_LOGGER,
  describeHandler,
  handlerErrorContext,
  handlerNotReadyError,
  initializedTwiceError,
  initializeSync,
  notReadyHealth,
  parseHandlerConfig,
  parseOperationPayload,
  resolveBreaker,
  sanitizingLogger,
  unknownOperationError,
  type InfraHandlerLifecycle,
  type InfraHandlerOptions,
  type InfraLogger,
} from "./util-handler-support.js";

const OPERATIONS = ["db.query", "db.execute", "db.transaction"] as const;
const Sql = z.string().min(1).max(1_000_000);
// Values travel as bind parameters; anything but an array is refused (no "params as object" guessing).
const Params = z.array(z.unknown()).max(65_535).default([]);
const QueryPayload = z.strictObject({ sql: Sql, params: Params, maxRows: z.number().int().min(1).optional() });
const ExecutePayload = z.strictObject({ sql: Sql, params: Params });
const TransactionPayload = z.strictObject({ statements: z.array(z.strictObject({ sql: Sql, params: Params })).min(1).max(1_000) });

/** Options of {@link HandlerDb}. */
export interface HandlerDbOptions extends InfraHandlerOptions {
  /** A connection owned by the caller (e.g. shared with the idempotency store); the config's driver settings are then ignored and `shutdown` leaves it open. */
  readonly connection?: DatabaseConnection | undefined;
}

/** Result payload of `db.query`. */
export interface HandlerDbQueryResult {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** Rows the server returned (or affected), including any dropped by the row cap. */
  readonly rowCount: number;
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
  /** True when the row cap dropped rows. */
  readonly truncated: boolean;
}

// Handed to every retry loop: without a signal of its own, retryWithBackoff would allocate an AbortController per call
// (several microseconds on the hot path). It never aborts; each waiting retry adds and removes one listener.
const NEVER_ABORTED = new AbortController().signal;
setMaxListeners(0, NEVER_ABORTED);

function countsAgainstBackend(error: unknown): boolean {
  if (isTransactionConflict(error)) return false;
  if (error instanceof InfraConnectionError && !failedBeforeStatement(error)) return false;
  return isRetryableError(error);
}

function queryRetryable(error: unknown): boolean {
  if (failedBeforeStatement(error)) return isRetryableError(error);
  return error instanceof InfraConnectionError || isTransactionConflict(error);
}

function statementRetryable(error: unknown): boolean {
  return failedBeforeStatement(error) && isRetryableError(error);
}

/**
 * Handler of `db.query` (`{sql, params?, maxRows?}` -> `{rows, rowCount, fields, truncated}`), `db.execute`
 * (`{sql, params?}` -> `{rowCount}`) and `db.transaction` (`{statements: [{sql, params?}]}` -> `{results:
 * [{rowCount}]}`, all or nothing). Rows beyond `maxRows` are dropped and flagged (`truncated: true`), not an error.
 */
export class HandlerDb implements ProtocolHandler {
  readonly handlerType = "db";
  readonly #options: HandlerDbOptions;
  readonly #logger: InfraLogger;
  #lifecycle: InfraHandlerLifecycle = "created";
  #config: ModelHandlerDbConfig | undefined;
  #connection: DatabaseConnection | undefined;
  #breaker: CircuitBreaker | undefined;
  // Built once per handler: spreading options per call costs microseconds on the hot path. No `context`: it only
  // serves the error of a cancelled retry loop, and these loops are never cancelled.
  #queryRetry: RetryOptions = { maxRetries: 1, initialDelayMs: 50, maxDelayMs: 500, signal: NEVER_ABORTED, isRetryable: queryRetryable };
  #statementRetry: RetryOptions = { maxRetries: 1, initialDelayMs: 50, maxDelayMs: 500, signal: NEVER_ABORTED, isRetryable: statementRetryable };

  constructor(options: HandlerDbOptions = {}) {
    this.#options = options;
    this.#logger = sanitizingLogger(options.logger ?? SILENT_INFRA_LOGGER);
  }

  /** The connection in use (after `initialize`), e.g. to run migrations on the same database. */
  get connection(): DatabaseConnection | undefined {
    return this.#connection;
  }

  initialize(config: unknown): Promise<void> {
    return initializeSync(() => {
      if (this.#lifecycle !== "created") throw initializedTwiceError("db");
      this.#setUp(config);
    });
  }

  #setUp(config: unknown): void {
    const parsed = parseHandlerConfig(ModelHandlerDbConfig, config, "db");
    const connection = this.#options.connection ?? this.#createConnection(parsed);
    this.#config = parsed;
    this.#connection = connection;
    this.#breaker = resolveBreaker(
      this.#options.circuitBreakerFactory,
      parsed.breakerName ?? `db:${connection.targetName}`,
      EnumInfraTransportType.DATABASE,
      parsed.breaker,
      countsAgainstBackend,
    );
    const retry = {
      maxRetries: 1,
      initialDelayMs: parsed.retry.initialDelayMs,
      maxDelayMs: parsed.retry.maxDelayMs,
      signal: NEVER_ABORTED,
      onRetry: ({ retry: n, delayMs, error }: RetryEvent) =>
        this.#logger.warn(
          { backend: connection.targetName, retry: n, delayMs, errorCode: (error as { errorCode?: unknown }).errorCode },
          `retrying a database call after a transient failure: ${error instanceof Error ? error.message : "unknown error"}`,
        ),
    };
    this.#queryRetry = { ...retry, isRetryable: queryRetryable };
    this.#statementRetry = { ...retry, isRetryable: statementRetryable };
    this.#lifecycle = "ready";
    this.#logger.info({ backend: connection.targetName, driver: connection.driver, poolSize: parsed.poolSize }, "db handler initialized");
  }

  #createConnection(config: ModelHandlerDbConfig): DatabaseConnection {
    if (config.driver === "pglite") {
      const embedded = new DatabaseConnectionPglite({ dataDir: config.dataDir });
      // PGlite takes a second or more to start: begin now, in parallel with the rest of start-up; a failure
      // resurfaces on first use.
      void embedded.start().catch(() => undefined);
      return embedded;
    }
    if (config.connectionString === undefined && config.host === undefined) {
      throw new ProtocolConfigurationError(`invalid db handler config at "connectionString": driver "pg" needs connectionString or host`, {
        context: { operation: "db.initialize", targetName: "db" },
        issues: [{ path: "connectionString", message: 'driver "pg" needs connectionString or host', code: "custom" }],
      });
    }
    return new DatabaseConnectionPg({
      connectionString: config.connectionString,
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: config.ssl,
      poolSize: config.poolSize,
      statementTimeoutMs: config.statementTimeoutMs,
      connectionTimeoutMs: config.connectionTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      applicationName: config.applicationName,
      logger: this.#logger,
    });
  }

  async execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const connection = this.#connection;
    const breaker = this.#breaker;
    const config = this.#config;
    if (this.#lifecycle !== "ready" || connection === undefined || breaker === undefined || config === undefined) {
      throw handlerNotReadyError("db", this.#lifecycle, this.#context(envelope));
    }
    const operation = envelope.operation ?? "";
    const correlationId = envelope.correlation_id;
    const call = { operation, correlationId };
    switch (operation) {
      case "db.query": {
        const payload = parseOperationPayload(QueryPayload, envelope, () => this.#context(envelope));
        const maxRows = payload.maxRows === undefined ? config.maxRows : Math.min(payload.maxRows, config.maxRows);
        const options = { operation, correlationId, maxRows };
        let attempts = 0;
        const result = await retryWithBackoff(
          () => {
            attempts++;
            return breaker.execute(() => connection.query(payload.sql, payload.params, options), call);
          },
          this.#queryRetry,
        );
        const body: HandlerDbQueryResult = { rows: result.rows, rowCount: result.rowCount, fields: result.fields, truncated: result.truncated };
        return { payload: body, metadata: { driver: connection.driver, attempts } };
      }
      case "db.execute": {
        const payload = parseOperationPayload(ExecutePayload, envelope, () => this.#context(envelope));
        let attempts = 0;
        const result = await retryWithBackoff(
          () => {
            attempts++;
            return breaker.execute(() => connection.execute(payload.sql, payload.params, call), call);
          },
          this.#statementRetry,
        );
        return { payload: { rowCount: result.rowCount }, metadata: { driver: connection.driver, attempts } };
      }
      case "db.transaction": {
        const payload = parseOperationPayload(TransactionPayload, envelope, () => this.#context(envelope));
        let attempts = 0;
        const results = await retryWithBackoff(
          () => {
            attempts++;
            return breaker.execute(
              () =>
                connection.transaction(async (tx) => {
                  const out: { rowCount: number }[] = [];
                  for (const statement of payload.statements) out.push({ rowCount: (await tx.execute(statement.sql, statement.params, call)).rowCount });
                  return out;
                }, call),
              call,
            );
          },
          this.#statementRetry,
        );
        return { payload: { results }, metadata: { driver: connection.driver, attempts, statements: results.length } };
      }
      default:
        throw unknownOperationError("db", OPERATIONS, this.#context(envelope));
    }
  }

  #context(envelope: ModelEventEnvelope): ModelInfraErrorContext {
    return handlerErrorContext(EnumInfraTransportType.DATABASE, envelope, this.#connection?.targetName ?? "db");
  }

  describe(): ProtocolHandlerDescription {
    return describeHandler(this.handlerType, OPERATIONS, "Parameterised SQL (query, execute, all-or-nothing transactions) on PostgreSQL through pg, or embedded PGlite.");
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const connection = this.#connection;
    if (this.#lifecycle !== "ready" || connection === undefined) {
      return notReadyHealth(this.#lifecycle, { handlerType: this.handlerType });
    }
    const backend = await connection.health();
    const circuit = this.#breaker?.snapshot();
    return {
      healthy: backend.healthy && circuit?.state !== "open",
      details: { handlerType: this.handlerType, ...backend.details, circuitState: circuit?.state, circuitFailures: circuit?.failures },
    };
  }

  async shutdown(): Promise<void> {
    if (this.#lifecycle === "shut_down") return;
    const owned = this.#options.connection === undefined;
    this.#lifecycle = "shut_down";
    if (owned) await this.#connection?.close();
    this.#logger.info({ backend: this.#connection?.targetName }, "db handler shut down");
  }
}
