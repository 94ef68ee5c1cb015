// PostgreSQL idempotency store. One statement per check: `insert ... on conflict do update ... where expired
// returning`, so the database decides atomically which concurrent caller is first (a live row makes the update's
// WHERE false and nothing is returned) and expired rows are reused in place.
import { EnumCoreErrorCode } from "@onex/core";
import type { ProtocolHealthCheckResult, ProtocolIdempotencyStore } from "@onex/spi";
import pg from "pg";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { toInfraError } from "../errors/util-to-infra-error.js";
import { DEFAULT_IDEMPOTENCY_TABLE, migration001IdempotencySql, parseSqlTableName, type SqlTableName } from "../migrations/migration-001-idempotency.js";
import { sanitizeString } from "../sanitize/util-sanitize.js";
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS, checkIdempotencyKey, resolveTtlSeconds } from "./util-idempotency-args.js";

export interface IdempotencyStorePostgresOptions {
  /** A pool owned by the caller (not closed by `close()`). */
  readonly pool?: pg.Pool | undefined;
  /** Used to create an owned pool when `pool` is absent. */
  readonly connectionString?: string | undefined;
  /** Further settings of an owned pool (size, timeouts, ssl). */
  readonly poolConfig?: pg.PoolConfig | undefined;
  /** `table` or `schema.table` (lower-case identifiers). Default `onex_idempotency`. */
  readonly tableName?: string | undefined;
  /** Lifetime of a record when `checkAndRecord` gives none; `null` keeps records until cleanup. Default 7 days. */
  readonly defaultTtlSeconds?: number | null | undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

export class IdempotencyStorePostgres implements ProtocolIdempotencyStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly table: SqlTableName;
  private readonly defaultTtlSeconds: number | null;
  private readonly sql: { readonly checkAndRecord: string; readonly isProcessed: string; readonly cleanup: string };
  private lastPoolError: string | null = null;

  constructor(options: IdempotencyStorePostgresOptions) {
    this.table = parseSqlTableName(options.tableName ?? DEFAULT_IDEMPOTENCY_TABLE);
    this.defaultTtlSeconds = resolveTtlSeconds(undefined, options.defaultTtlSeconds === undefined ? DEFAULT_IDEMPOTENCY_TTL_SECONDS : options.defaultTtlSeconds);
    if (options.pool !== undefined) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = new pg.Pool({ max: 10, ...options.poolConfig, ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }) });
      this.ownsPool = true;
      // An idle client losing its connection must not crash the process; the next query reports the failure.
      this.pool.on("error", (error: Error) => {
        this.lastPoolError = sanitizeString(error.message);
      });
    }
    const t = this.table.quoted;
    this.sql = {
      checkAndRecord: `insert into ${t} as t (domain, message_id, recorded_at, expires_at)
        values ($1, $2, now(), now() + $3::double precision * interval '1 second')
        on conflict (domain, message_id) do update
          set recorded_at = excluded.recorded_at, expires_at = excluded.expires_at
          where t.expires_at is not null and t.expires_at <= now()
        returning 1 as recorded`,
      isProcessed: `select 1 from ${t} where domain = $1 and message_id = $2 and (expires_at is null or expires_at > now())`,
      cleanup: `delete from ${t} where recorded_at < $1 or (expires_at is not null and expires_at <= now())`,
    };
  }

  /** Creates the table and its indexes when missing (idempotent; serialised across processes by an advisory lock). */
  async ensureSchema(): Promise<void> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw this.fail(error, "ensure_schema");
    });
    try {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock(hashtext($1))", [`onex.migration.001.${this.table.quoted}`]);
      await client.query(migration001IdempotencySql(this.table.schema === null ? this.table.table : `${this.table.schema}.${this.table.table}`));
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw this.fail(error, "ensure_schema");
    } finally {
      client.release();
    }
  }

  async checkAndRecord(domain: string, messageId: string, ttlSeconds?: number): Promise<boolean> {
    checkIdempotencyKey(domain, messageId);
    const ttl = resolveTtlSeconds(ttlSeconds, this.defaultTtlSeconds);
    const result = await this.query(this.sql.checkAndRecord, [domain, messageId, ttl], "check_and_record");
    return result.rowCount === 1;
  }

  async isProcessed(domain: string, messageId: string): Promise<boolean> {
    checkIdempotencyKey(domain, messageId);
    const result = await this.query(this.sql.isProcessed, [domain, messageId], "is_processed");
    return (result.rowCount ?? 0) > 0;
  }

  async cleanup(olderThan: Date): Promise<number> {
    const result = await this.query(this.sql.cleanup, [olderThan], "cleanup");
    return result.rowCount ?? 0;
  }

  /** Reachability of the database through the pool; never rejects. */
  async health(): Promise<ProtocolHealthCheckResult> {
    const details = { transport: EnumInfraTransportType.DATABASE, table: this.table.quoted, totalClients: this.pool.totalCount, idleClients: this.pool.idleCount, waiting: this.pool.waitingCount };
    try {
      await this.pool.query("select 1");
      return { healthy: true, details };
    } catch (error) {
      return { healthy: false, details: { ...details, reason: this.fail(error, "health").message, lastPoolError: this.lastPoolError } };
    }
  }

  /** Ends the pool when this store created it; a caller-supplied pool is left open. */
  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }

  private async query(text: string, values: readonly unknown[], operation: string): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(text, [...values]);
    } catch (error) {
      throw this.fail(error, operation);
    }
  }

  // Connection, timeout and authentication failures keep their infra classes; other SQL errors are query errors.
  private fail(error: unknown, operation: string): RuntimeHostError {
    const context = { transportType: EnumInfraTransportType.DATABASE, operation: `idempotency.${operation}`, targetName: this.table.quoted };
    const mapped = toInfraError(error, context);
    const code = (error as { code?: unknown } | null)?.code;
    if (mapped.errorCode === EnumCoreErrorCode.OPERATION_FAILED && typeof code === "string" && SQLSTATE.test(code)) {
      return new RuntimeHostError(`idempotency ${operation} failed on ${this.table.quoted}: ${mapped.message}`, {
        context,
        cause: error,
        errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR,
        sqlState: code,
      });
    }
    return mapped;
  }
}
