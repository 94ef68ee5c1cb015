// The database connection as infra uses it: ProtocolDatabaseConnection plus what a generic SQL handler needs on top
// (result columns, a row cap, the operation and correlation id for error context). Both drivers implement it.
import type {
  ProtocolDatabaseConnection,
  ProtocolDatabaseConnectionExecutor,
  ProtocolDatabaseConnectionParams,
  ProtocolDatabaseConnectionQueryResult,
} from "@onex/spi";

/** The drivers behind {@link DatabaseConnection}. */
export type DatabaseDriver = "pg" | "pglite";

/** A result column. */
export interface DatabaseField {
  readonly name: string;
  /** PostgreSQL type OID (23 int4, 25 text, 1184 timestamptz...). */
  readonly dataTypeID: number;
}

/** Per-call options. */
export interface DatabaseCallOptions {
  /** Keep at most this many rows; the rest are dropped (never buffered, on `pg`) and `truncated` is set. */
  readonly maxRows?: number | undefined;
  /** Operation name for error context, e.g. `db.query`. */
  readonly operation?: string | undefined;
  readonly correlationId?: string | undefined;
}

/** Rows plus their columns and whether the row cap cut them. */
export interface DatabaseQueryResult<TRow> extends ProtocolDatabaseConnectionQueryResult<TRow> {
  readonly fields: readonly DatabaseField[];
  /** True when more rows than `maxRows` were returned by the server. `rowCount` still counts all of them. */
  readonly truncated: boolean;
}

/** What runs statements inside and outside a transaction. */
export interface DatabaseConnectionExecutor extends ProtocolDatabaseConnectionExecutor {
  query<TRow = Readonly<Record<string, unknown>>>(
    sql: string,
    params?: ProtocolDatabaseConnectionParams,
    options?: DatabaseCallOptions,
  ): Promise<DatabaseQueryResult<TRow>>;
  /** Without params the text may hold several statements (migrations); with params exactly one. */
  execute(sql: string, params?: ProtocolDatabaseConnectionParams, options?: DatabaseCallOptions): Promise<{ readonly rowCount: number }>;
}

/**
 * A pool (`pg`) or an embedded database (PGlite). Every failure is one of the project's errors
 * (see `toDatabaseError`), whose context says whether the caller's SQL may have reached the server.
 */
export interface DatabaseConnection extends ProtocolDatabaseConnection {
  readonly driver: DatabaseDriver;
  query<TRow = Readonly<Record<string, unknown>>>(
    sql: string,
    params?: ProtocolDatabaseConnectionParams,
    options?: DatabaseCallOptions,
  ): Promise<DatabaseQueryResult<TRow>>;
  execute(sql: string, params?: ProtocolDatabaseConnectionParams, options?: DatabaseCallOptions): Promise<{ readonly rowCount: number }>;
  /** Safe name of the backend for errors and breakers: `postgresql://host:port/db` or `pglite:memory`. */
  readonly targetName: string;
  transaction<T>(fn: (tx: DatabaseConnectionExecutor) => Promise<T>, options?: DatabaseCallOptions): Promise<T>;
}
