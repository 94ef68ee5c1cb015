import type { ProtocolHealthCheck } from "./protocol-health-check.js";

/**
 * Rows returned by a query.
 *
 * @category Protocols
 */
export interface ProtocolDatabaseConnectionQueryResult<TRow> {
  /** The rows, as the driver decoded them. They are not validated: parse them with zod at the boundary. */
  readonly rows: readonly TRow[];
  /** Rows returned or affected. */
  readonly rowCount: number;
}

/**
 * Positional statement parameters (`$1`, `$2`, ...). SQL text is never built from values.
 *
 * @category Protocols
 */
export type ProtocolDatabaseConnectionParams = readonly unknown[];

/**
 * What runs statements: the connection itself, and the transaction handed to
 * {@link ProtocolDatabaseConnection.transaction}.
 *
 * @category Protocols
 */
export interface ProtocolDatabaseConnectionExecutor {
  /** Runs a parameterised statement and returns its rows. */
  query<TRow = Readonly<Record<string, unknown>>>(
    sql: string,
    params?: ProtocolDatabaseConnectionParams,
  ): Promise<ProtocolDatabaseConnectionQueryResult<TRow>>;

  /** Runs a parameterised statement for its effect; resolves to the number of rows affected. */
  execute(sql: string, params?: ProtocolDatabaseConnectionParams): Promise<{ readonly rowCount: number }>;
}

/**
 * A database connection or pool (PostgreSQL through `pg`, or embedded PGlite).
 *
 * @category Protocols
 */
export interface ProtocolDatabaseConnection extends ProtocolDatabaseConnectionExecutor, ProtocolHealthCheck {
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back and rethrows when it rejects. Statements
   * must go through the `tx` argument to be part of the transaction.
   */
  transaction<T>(fn: (tx: ProtocolDatabaseConnectionExecutor) => Promise<T>): Promise<T>;

  /** Closes the connection or pool after running statements finish. Idempotent. */
  close(): Promise<void>;
}
