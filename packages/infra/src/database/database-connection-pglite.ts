// Embedded PostgreSQL (PGlite: PostgreSQL in WASM, in memory or in a directory on disk), the default when no server
// is configured. It takes a second or more to start, so it starts on first use (or on `start()`, to overlap it with
// other start-up work). It is one connection: PGlite runs one statement at a time and holds every other caller while
// a transaction is open, so transactions are serialised and never interleave with other statements.
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import type { ProtocolDatabaseConnectionParams, ProtocolHealthCheckResult } from "@onex/spi";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import type { DatabaseCallOptions, DatabaseConnection, DatabaseConnectionExecutor, DatabaseQueryResult } from "./database-connection.js";
import { toDatabaseError, type DatabaseErrorSite } from "./util-database-error.js";

/** Options of {@link DatabaseConnectionPglite}. */
export interface DatabaseConnectionPgliteOptions {
  /** Directory holding the database files; in memory when absent (or `memory://`). */
  readonly dataDir?: string | undefined;
}

type Row = Readonly<Record<string, unknown>>;
type Runner = Pick<Transaction, "query" | "exec">;

/** {@link DatabaseConnection} on PGlite. `statement_timeout` is not enforced in WASM (single-threaded, no timer signal). */
export class DatabaseConnectionPglite implements DatabaseConnection {
  readonly driver = "pglite" as const;
  readonly targetName: string;
  readonly #dataDir: string | undefined;
  #db: Promise<PGlite> | undefined;
  #closed = false;

  constructor(options: DatabaseConnectionPgliteOptions = {}) {
    this.#dataDir = options.dataDir === undefined || options.dataDir === "memory://" ? undefined : options.dataDir;
    this.targetName = this.#dataDir === undefined ? "pglite:memory" : `pglite:${this.#dataDir}`;
  }

  /** Starts the database now instead of on first use; resolves when it is ready. */
  async start(): Promise<void> {
    await this.#open({ operation: "start", targetName: this.targetName, statementSent: false });
  }

  query<TRow = Row>(sql: string, params: ProtocolDatabaseConnectionParams = [], options: DatabaseCallOptions = {}): Promise<DatabaseQueryResult<TRow>> {
    const site = this.#site(options, "query");
    return this.#run(site, (db) => queryOn<TRow>(db, sql, params, options.maxRows));
  }

  execute(sql: string, params: ProtocolDatabaseConnectionParams = [], options: DatabaseCallOptions = {}): Promise<{ readonly rowCount: number }> {
    const site = this.#site(options, "execute");
    return this.#run(site, (db) => executeOn(db, sql, params));
  }

  async transaction<T>(fn: (tx: DatabaseConnectionExecutor) => Promise<T>, options: DatabaseCallOptions = {}): Promise<T> {
    const site = this.#site(options, "transaction");
    return this.#run(site, (db) =>
      // PGlite's transaction() issues BEGIN, COMMIT, and ROLLBACK when `fn` rejects, under its exclusive lock.
      db.transaction((raw) =>
        fn({
          query: <TRow = Row>(sql: string, params: ProtocolDatabaseConnectionParams = [], callOptions: DatabaseCallOptions = {}) =>
            queryOn<TRow>(raw, sql, params, callOptions.maxRows ?? options.maxRows),
          execute: (sql: string, params: ProtocolDatabaseConnectionParams = []) => executeOn(raw, sql, params),
        }),
      ),
    );
  }

  #site(options: DatabaseCallOptions, operation: string): DatabaseErrorSite & { statementSent: boolean } {
    return { operation: options.operation ?? operation, targetName: this.targetName, correlationId: options.correlationId, statementSent: false };
  }

  async #run<T>(site: DatabaseErrorSite & { statementSent: boolean }, fn: (db: PGlite) => Promise<T>): Promise<T> {
    const db = await this.#open(site);
    site.statementSent = true;
    try {
      return await fn(db);
    } catch (error) {
      throw toDatabaseError(error, site);
    }
  }

  #open(site: DatabaseErrorSite): Promise<PGlite> {
    if (this.#closed) {
      return Promise.reject(
        new InfraConnectionError(`${site.operation} on ${this.targetName}: the database has been closed`, {
          context: { transportType: EnumInfraTransportType.DATABASE, operation: site.operation, targetName: this.targetName, correlationId: site.correlationId },
          statementSent: false,
        }),
      );
    }
    if (this.#db === undefined) {
      const starting = this.#dataDir === undefined ? PGlite.create() : PGlite.create({ dataDir: this.#dataDir });
      // A failed start is not cached: the next call tries again.
      this.#db = starting.catch((error: unknown) => {
        this.#db = undefined;
        throw new InfraConnectionError(`could not start embedded PostgreSQL at ${this.targetName}`, {
          context: { transportType: EnumInfraTransportType.DATABASE, operation: site.operation, targetName: this.targetName, correlationId: site.correlationId },
          cause: error,
          statementSent: false,
        });
      });
    }
    return this.#db;
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const details = { driver: this.driver, backend: this.targetName, started: this.#db !== undefined };
    try {
      await this.execute("select 1", [], { operation: "health" });
      return { healthy: true, details };
    } catch (error) {
      return { healthy: false, details: { ...details, reason: error instanceof Error ? error.message : "unavailable" } };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const db = await this.#db?.catch(() => undefined);
    if (db !== undefined && !db.closed) await db.close();
  }
}

async function queryOn<TRow>(runner: Runner, sql: string, params: ProtocolDatabaseConnectionParams, maxRows: number | undefined): Promise<DatabaseQueryResult<TRow>> {
  const result: Results<TRow> = await runner.query<TRow>(sql, [...params]);
  const total = result.rows.length;
  const truncated = maxRows !== undefined && total > maxRows;
  return {
    rows: truncated ? result.rows.slice(0, maxRows) : result.rows,
    rowCount: result.rowCount ?? result.affectedRows ?? total,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    truncated,
  };
}

async function executeOn(runner: Runner, sql: string, params: ProtocolDatabaseConnectionParams): Promise<{ readonly rowCount: number }> {
  if (params.length > 0) {
    const result = await runner.query(sql, [...params]);
    return { rowCount: result.rowCount ?? result.affectedRows ?? 0 };
  }
  // Without params the text may hold several statements (migrations): PGlite runs those through exec().
  const results = await runner.exec(sql);
  const last = results[results.length - 1];
  return { rowCount: last?.rowCount ?? last?.affectedRows ?? 0 };
}
