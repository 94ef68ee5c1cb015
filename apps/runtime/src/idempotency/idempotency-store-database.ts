// The idempotency store on any ProtocolDatabaseConnection: the runtime uses it on embedded PGlite, so an on-disk data
// dir keeps processed envelope ids across restarts (infra's IdempotencyStorePostgres needs a `pg` pool). Same table
// (migration 001) and the same one-statement check-and-record as the PostgreSQL store.
import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { DEFAULT_IDEMPOTENCY_TABLE, DEFAULT_IDEMPOTENCY_TTL_SECONDS, MAX_IDEMPOTENCY_KEY_LENGTH, migration001IdempotencySql, parseSqlTableName } from "@onex/infra";
import type { ProtocolDatabaseConnection, ProtocolHealthCheckResult, ProtocolIdempotencyStore } from "@onex/spi";

export interface IdempotencyStoreDatabaseOptions {
  /** `table` or `schema.table`; `onex_idempotency` by default. */
  readonly tableName?: string | undefined;
  /** Record lifetime when `checkAndRecord` gives none; 7 days by default. */
  readonly defaultTtlSeconds?: number | undefined;
}

function checkKey(domain: string, messageId: string): void {
  for (const [label, value] of [
    ["domain", domain],
    ["messageId", messageId],
  ] as const) {
    if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH || value.includes("\u0000")) {
      throw new ModelOnexError(`idempotency ${label} must be a non-empty string of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters without NUL`, {
        errorCode: EnumCoreErrorCode.INVALID_INPUT,
        context: { component: "idempotency" },
      });
    }
  }
}

export class IdempotencyStoreDatabase implements ProtocolIdempotencyStore {
  private readonly quoted: string;
  private readonly tableName: string;
  private readonly defaultTtlSeconds: number;

  constructor(
    private readonly db: ProtocolDatabaseConnection,
    options: IdempotencyStoreDatabaseOptions = {},
  ) {
    this.tableName = options.tableName ?? DEFAULT_IDEMPOTENCY_TABLE;
    this.quoted = parseSqlTableName(this.tableName).quoted;
    this.defaultTtlSeconds = options.defaultTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS;
  }

  /** Creates the table when missing (idempotent; one statement at a time, so any driver accepts it). */
  async ensureSchema(): Promise<void> {
    const statements = migration001IdempotencySql(this.tableName)
      .replace(/--[^\n]*\n/g, "")
      .split(";")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    await this.db.transaction(async (tx) => {
      for (const sql of statements) await tx.execute(sql);
    });
  }

  async checkAndRecord(domain: string, messageId: string, ttlSeconds?: number): Promise<boolean> {
    checkKey(domain, messageId);
    const ttl = ttlSeconds ?? this.defaultTtlSeconds;
    const result = await this.db.query(
      `insert into ${this.quoted} as t (domain, message_id, recorded_at, expires_at)
        values ($1, $2, now(), now() + $3::double precision * interval '1 second')
        on conflict (domain, message_id) do update
          set recorded_at = excluded.recorded_at, expires_at = excluded.expires_at
          where t.expires_at is not null and t.expires_at <= now()
        returning 1 as recorded`,
      [domain, messageId, ttl],
    );
    return result.rowCount === 1;
  }

  async isProcessed(domain: string, messageId: string): Promise<boolean> {
    checkKey(domain, messageId);
    const result = await this.db.query(`select 1 from ${this.quoted} where domain = $1 and message_id = $2 and (expires_at is null or expires_at > now())`, [domain, messageId]);
    return result.rowCount > 0;
  }

  async cleanup(olderThan: Date): Promise<number> {
    const result = await this.db.execute(`delete from ${this.quoted} where recorded_at < $1 or (expires_at is not null and expires_at <= now())`, [olderThan]);
    return result.rowCount;
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const health = await this.db.health();
    return { healthy: health.healthy, details: { table: this.quoted, database: health.details } };
  }
}
