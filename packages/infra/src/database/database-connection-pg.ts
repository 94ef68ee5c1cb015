// PostgreSQL through a `pg` Pool. Parameters only: the SQL text goes to the server as written, values travel as
// `$1..$n` bind parameters. Dead connections are discarded (pool `error` events are logged, never thrown; a client
// whose connection failed is released with the error so the pool destroys it) and the next call gets a new one.
import type { ProtocolDatabaseConnectionParams, ProtocolHealthCheckResult } from "@onex/spi";
import pg from "pg";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { SILENT_INFRA_LOGGER, sanitizingLogger, type InfraLogger } from "../handlers/util-handler-support.js";
import type { DatabaseCallOptions, DatabaseConnection, DatabaseConnectionExecutor, DatabaseField, DatabaseQueryResult } from "./database-connection.js";
import { toDatabaseError } from "./util-database-error.js";

/** Options of {@link DatabaseConnectionPg}. Credentials go to `pg` only: never into errors, logs or `health()`. */
export interface DatabaseConnectionPgOptions {
  /** `postgres://user:password@host:port/database?...`; alternatively the discrete fields below. */
  readonly connectionString?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly ssl?: pg.ClientConfig["ssl"] | undefined;
  /** Pool size (max clients); default 10. */
  readonly poolSize?: number | undefined;
  /** Server-side `statement_timeout` of every connection, ms; 0 disables; default 30 000. */
  readonly statementTimeoutMs?: number | undefined;
  /** Time to open a connection or wait for a free client, ms; default 10 000. */
  readonly connectionTimeoutMs?: number | undefined;
  /** Idle clients are closed after this, ms; default 30 000. */
  readonly idleTimeoutMs?: number | undefined;
  /** `application_name` of every connection (visible in `pg_stat_activity`); default `onex`. */
  readonly applicationName?: string | undefined;
  readonly logger?: InfraLogger | undefined;
}

type Row = Readonly<Record<string, unknown>>;

interface CallSite {
  readonly operation: string;
  readonly targetName: string;
  readonly correlationId: string | undefined;
  statementSent: boolean;
  /** Release the client with an error (destroy it) even though no connection error was seen. */
  discard: boolean;
}

function closedError(site: CallSite): InfraConnectionError {
  return new InfraConnectionError(`${site.operation} on ${site.targetName}: the connection has been closed`, {
    context: { transportType: EnumInfraTransportType.DATABASE, operation: site.operation, targetName: site.targetName, correlationId: site.correlationId },
    statementSent: false,
  });
}

/** `postgresql://host:port/database` without credentials, for errors, logs and breaker names. */
export function pgTargetName(options: Pick<DatabaseConnectionPgOptions, "connectionString" | "host" | "port" | "database">): string {
  let host = options.host ?? "localhost";
  let port = options.port ?? 5432;
  let database = options.database ?? "postgres";
  if (options.connectionString !== undefined) {
    try {
      const url = new URL(options.connectionString);
      host = url.hostname || host;
      port = url.port === "" ? port : Number(url.port);
      database = decodeURIComponent(url.pathname.replace(/^\//, "")) || database;
    } catch {
      host = "(unparsable connection string)";
    }
  }
  return `postgresql://${host}:${port}/${database}`;
}

function fieldsOf(fields: readonly pg.FieldDef[] | undefined): DatabaseField[] {
  return fields === undefined ? [] : fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
}

/** {@link DatabaseConnection} on a `pg` Pool. */
export class DatabaseConnectionPg implements DatabaseConnection {
  readonly driver = "pg" as const;
  readonly targetName: string;
  readonly #pool: pg.Pool;
  readonly #logger: InfraLogger;
  readonly #applicationName: string;
  #closed = false;
  #lastPoolError: string | null = null;

  constructor(options: DatabaseConnectionPgOptions) {
    this.targetName = pgTargetName(options);
    this.#logger = sanitizingLogger(options.logger ?? SILENT_INFRA_LOGGER);
    this.#applicationName = options.applicationName ?? "onex";
    const statementTimeout = options.statementTimeoutMs ?? 30_000;
    const config: pg.PoolConfig = {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
      application_name: this.#applicationName,
      statement_timeout: statementTimeout > 0 ? statementTimeout : false,
      keepAlive: true,
    };
    if (options.connectionString !== undefined) config.connectionString = options.connectionString;
    if (options.host !== undefined) config.host = options.host;
    if (options.port !== undefined) config.port = options.port;
    if (options.database !== undefined) config.database = options.database;
    if (options.user !== undefined) config.user = options.user;
    if (options.password !== undefined) config.password = options.password;
    if (options.ssl !== undefined) config.ssl = options.ssl;
    this.#pool = new pg.Pool(config);
    // An idle client whose connection dies (server restart, pg_terminate_backend) emits here; the pool has already
    // dropped it. Without a listener the process would crash.
    // pg-pool detaches its idle listener while handing a client out; a FATAL (57P01) arriving in that window has no
    // listener and would crash the process. A permanent listener per client closes the gap; the per-call listener
    // below still records the failure so the client is discarded.
    this.#pool.on("connect", (client: pg.PoolClient) => {
      client.on("error", (error: Error) => {
        this.#lastPoolError = error.message;
      });
    });
    this.#pool.on("error", (error: Error) => {
      this.#lastPoolError = `${(error as { code?: unknown }).code === undefined ? "" : `${String((error as { code?: unknown }).code)} `}${error.message}`;
      this.#logger.warn({ backend: this.targetName, code: (error as { code?: unknown }).code }, `idle database connection lost: ${error.message}`);
    });
  }

  /** Pool counters, for health and metrics. */
  get poolStats(): { readonly total: number; readonly idle: number; readonly waiting: number } {
    return { total: this.#pool.totalCount, idle: this.#pool.idleCount, waiting: this.#pool.waitingCount };
  }

  query<TRow = Row>(sql: string, params: ProtocolDatabaseConnectionParams = [], options: DatabaseCallOptions = {}): Promise<DatabaseQueryResult<TRow>> {
    return this.#withClient(options, "query", (client) => boundedQuery<TRow>(client, sql, params, options.maxRows));
  }

  execute(sql: string, params: ProtocolDatabaseConnectionParams = [], options: DatabaseCallOptions = {}): Promise<{ readonly rowCount: number }> {
    return this.#withClient(options, "execute", (client) => executeOn(client, sql, params));
  }

  transaction<T>(fn: (tx: DatabaseConnectionExecutor) => Promise<T>, options: DatabaseCallOptions = {}): Promise<T> {
    return this.#withClient(options, "transaction", async (client, site) => {
      await client.query("BEGIN");
      site.statementSent = true;
      const tx: DatabaseConnectionExecutor = {
        query: <TRow = Row>(sql: string, params: ProtocolDatabaseConnectionParams = [], callOptions: DatabaseCallOptions = {}) =>
          boundedQuery<TRow>(client, sql, params, callOptions.maxRows ?? options.maxRows),
        execute: (sql: string, params: ProtocolDatabaseConnectionParams = []) => executeOn(client, sql, params),
      };
      try {
        const value = await fn(tx);
        await client.query("COMMIT");
        return value;
      } catch (error) {
        // A failed ROLLBACK leaves the client unusable: discard it (the server rolls back when it goes).
        await client.query("ROLLBACK").catch(() => {
          site.discard = true;
        });
        throw error;
      }
    });
  }

  async #withClient<T>(
    options: DatabaseCallOptions,
    defaultOperation: string,
    fn: (client: pg.PoolClient, site: CallSite) => Promise<T>,
  ): Promise<T> {
    const site: CallSite = {
      operation: options.operation ?? defaultOperation,
      targetName: this.targetName,
      correlationId: options.correlationId,
      statementSent: false,
      discard: false,
    };
    if (this.#closed) throw closedError(site);
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toDatabaseError(error, site);
    }
    // A checked-out client emits `error` when its connection dies between statements; pg-pool only listens while
    // the client is idle, so without this the process would crash.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on("error", onError);
    try {
      if (defaultOperation !== "transaction") site.statementSent = true;
      return await fn(client, site);
    } catch (error) {
      const mapped = toDatabaseError(error, site);
      if (mapped instanceof InfraConnectionError) broken ??= mapped;
      throw mapped;
    } finally {
      client.off("error", onError);
      client.release(broken ?? site.discard);
    }
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const details = { driver: this.driver, backend: this.targetName, applicationName: this.#applicationName, pool: this.poolStats };
    try {
      await this.execute("select 1", [], { operation: "health" });
      return { healthy: true, details };
    } catch (error) {
      return { healthy: false, details: { ...details, reason: error instanceof Error ? error.message : "unreachable", lastPoolError: this.#lastPoolError } };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

// Rows arrive as events and only the first `maxRows` are kept, so an unexpectedly large result is counted but
// never buffered. Extended protocol, as on PGlite: one statement per query.
function boundedQuery<TRow>(client: pg.PoolClient, text: string, values: ProtocolDatabaseConnectionParams, maxRows: number | undefined): Promise<DatabaseQueryResult<TRow>> {
  return new Promise((resolve, reject) => {
    const limit = maxRows ?? Number.POSITIVE_INFINITY;
    const rows: TRow[] = [];
    let seen = 0;
    // With values pg always uses the extended protocol; without, it must be asked to. (The text form of the
    // constructor also avoids pg's costly copy of a config object on the hot path.)
    const extended: pg.QueryConfig & { readonly queryMode: "extended" } = { text, queryMode: "extended" };
    const query = values.length > 0 ? new pg.Query<Record<string, unknown>>(text, values) : new pg.Query<Record<string, unknown>>(extended);
    query.on("row", (row) => {
      if (++seen <= limit) rows.push(row as TRow);
    });
    query.on("error", reject);
    query.on("end", (result) => {
      resolve({ rows, rowCount: result.rowCount ?? seen, fields: fieldsOf(result.fields), truncated: seen > limit });
    });
    client.query(query);
  });
}

async function executeOn(client: pg.PoolClient, text: string, values: ProtocolDatabaseConnectionParams): Promise<{ readonly rowCount: number }> {
  // Without values pg uses the simple protocol, which accepts several statements (migrations); it then returns one
  // result per statement.
  const result = (await client.query<Record<string, unknown>>(text, values.length === 0 ? undefined : (values as unknown[]))) as pg.QueryResult | pg.QueryResult[];
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { rowCount: last?.rowCount ?? 0 };
}
