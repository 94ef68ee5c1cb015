// A small, forward-only migration runner. Each migration runs in its own transaction together with the row that
// records it, so it is applied entirely or not at all. Concurrent runners (several runtime replicas starting at
// once) serialise on a transaction-scoped advisory lock and re-check the record under it, so each migration is
// applied exactly once. PGlite is one connection whose transactions never overlap, so it needs no lock.
import { createHash } from "node:crypto";
import type { ProtocolDatabaseConnection, ProtocolDatabaseConnectionExecutor } from "@onex/spi";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { parseSqlTableName } from "./migration-001-idempotency.js";

/** One migration: a stable id (recorded once applied) and its SQL, which may hold several statements. */
export interface MigrationDefinition {
  readonly id: string;
  readonly sql: string;
}

/** Options of {@link runMigrations}. */
export interface RunMigrationsOptions {
  /** Table recording applied migrations (`table` or `schema.table`); default `onex_schema_migrations`. */
  readonly table?: string | undefined;
  /**
   * `advisory` takes `pg_advisory_xact_lock` in every migration transaction; `none` does not. Default: `none` for a
   * connection whose `driver` is `"pglite"`, else `advisory`.
   */
  readonly lock?: "advisory" | "none" | undefined;
  /** Refuse to continue when an applied migration's SQL has changed since (default true). */
  readonly verifyChecksums?: boolean | undefined;
}

/** What {@link runMigrations} did. */
export interface RunMigrationsResult {
  /** Ids applied by this call, in order. */
  readonly applied: readonly string[];
  /** Ids that were already applied (by an earlier or a concurrent run). */
  readonly skipped: readonly string[];
}

/** Default name of the table recording applied migrations. */
export const DEFAULT_MIGRATIONS_TABLE = "onex_schema_migrations";

const MIGRATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function checksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

function validate(migrations: readonly MigrationDefinition[]): void {
  const seen = new Set<string>();
  for (const [index, migration] of migrations.entries()) {
    const problem = !MIGRATION_ID.test(migration.id)
      ? "must be 1-200 characters of letters, digits, '.', '_' or '-'"
      : seen.has(migration.id)
        ? "is used twice"
        : migration.sql.trim() === ""
          ? "has empty SQL"
          : undefined;
    if (problem !== undefined) {
      throw new ProtocolConfigurationError(`migration #${index} (id ${JSON.stringify(migration.id.slice(0, 60))}) ${problem}`, {
        context: { operation: "migrations.validate", targetName: "migrations" },
      });
    }
    seen.add(migration.id);
  }
}

/**
 * Applies `migrations` in the given order, each in its own transaction with its record in `options.table`; skips
 * those already recorded. Idempotent and safe to run from several processes at once (see
 * {@link RunMigrationsOptions.lock}). Throws the failing statement's error (annotated with `migrationId`) after
 * rolling that migration back; earlier ones stay applied.
 */
export async function runMigrations(
  connection: ProtocolDatabaseConnection,
  migrations: readonly MigrationDefinition[],
  options: RunMigrationsOptions = {},
): Promise<RunMigrationsResult> {
  validate(migrations);
  const table = parseSqlTableName(options.table ?? DEFAULT_MIGRATIONS_TABLE).quoted;
  const driver = (connection as { readonly driver?: unknown }).driver;
  const lock = options.lock ?? (driver === "pglite" ? "none" : "advisory");
  const verify = options.verifyChecksums ?? true;
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const migration of migrations) {
    const sum = checksum(migration.sql);
    try {
      const outcome = await connection.transaction(async (tx) => {
        if (lock === "advisory") await tx.execute("select pg_advisory_xact_lock(hashtext($1))", [`onex.migrations:${table}`]);
        await ensureTable(tx, table);
        const existing = await tx.query<{ checksum: string }>(`select checksum from ${table} where id = $1`, [migration.id]);
        const recorded = existing.rows[0];
        if (recorded !== undefined) {
          if (verify && recorded.checksum !== sum) {
            throw new ProtocolConfigurationError(`migration "${migration.id}" was applied with different SQL (checksum mismatch); add a new migration instead of editing it`, {
              context: { operation: "migrations.verify", targetName: table },
            });
          }
          return "skipped" as const;
        }
        await tx.execute(migration.sql);
        await tx.execute(`insert into ${table} (id, checksum) values ($1, $2)`, [migration.id, sum]);
        return "applied" as const;
      });
      (outcome === "applied" ? applied : skipped).push(migration.id);
    } catch (error) {
      if (error instanceof RuntimeHostError) throw error.annotate({ migrationId: migration.id });
      throw error;
    }
  }
  return { applied, skipped };
}

async function ensureTable(tx: ProtocolDatabaseConnectionExecutor, table: string): Promise<void> {
  await tx.execute(
    `create table if not exists ${table} (id text primary key, checksum text not null, applied_at timestamptz not null default now())`,
  );
}

/** Ids recorded in the migrations table, in the order they were applied (empty when the table does not exist yet). */
export async function listAppliedMigrations(connection: ProtocolDatabaseConnection, table: string = DEFAULT_MIGRATIONS_TABLE): Promise<string[]> {
  const { schema, table: name, quoted } = parseSqlTableName(table);
  const exists = await connection.query<{ present: boolean }>(
    "select exists (select 1 from information_schema.tables where table_name = $1::text and table_schema = coalesce($2::text, current_schema())) as present",
    [name, schema],
  );
  if (exists.rows[0]?.present !== true) return [];
  const rows = await connection.query<{ id: string }>(`select id from ${quoted} order by applied_at, id`);
  return rows.rows.map((row) => row.id);
}
