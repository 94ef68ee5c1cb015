// Migration 001: the idempotency table. The SQL of `001-idempotency.sql` lives here as a string so nothing is read
// from disk at runtime; a test keeps the two identical. Every statement is idempotent (`if not exists`).
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";

/** Default (unqualified) name of the idempotency table. */
export const DEFAULT_IDEMPOTENCY_TABLE = "onex_idempotency";

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A validated table name: optional schema and table, each a lower-case SQL identifier of at most 63 characters. */
export interface SqlTableName {
  readonly schema: string | null;
  readonly table: string;
  /** Quoted, ready for SQL text: `"schema"."table"` or `"table"`. */
  readonly quoted: string;
}

/**
 * Parses `name` (`table` or `schema.table`). Only `[a-z_][a-z0-9_]*` identifiers up to 63 characters pass, so the
 * quoted result can be placed into SQL text safely; anything else throws ProtocolConfigurationError.
 */
export function parseSqlTableName(name: string): SqlTableName {
  const parts = name.split(".");
  const valid = (parts.length === 1 || parts.length === 2) && parts.every((part) => IDENTIFIER.test(part));
  if (!valid) {
    throw new ProtocolConfigurationError(
      `invalid table name "${name}": use "table" or "schema.table" with lower-case letters, digits and '_' (at most 63 characters each, not starting with a digit)`,
      { context: { operation: "configure", targetName: "idempotency" } },
    );
  }
  const [first = "", second] = parts;
  const schema = second === undefined ? null : first;
  const table = second ?? first;
  return { schema, table, quoted: schema === null ? `"${table}"` : `"${schema}"."${table}"` };
}

/** The migration's SQL for `tableName` (default `onex_idempotency`); index names derive from the table name. */
export function migration001IdempotencySql(tableName: string = DEFAULT_IDEMPOTENCY_TABLE): string {
  const { table, quoted } = parseSqlTableName(tableName);
  // Index and constraint names are unqualified (they live in the table's schema) and at most 63 characters.
  const name = (suffix: string): string => `"${table.slice(0, 63 - suffix.length)}${suffix}"`;
  return `-- Idempotency records: one row per (domain, message_id) processed. Rows with an expires_at in the past count as
-- absent and are replaced by the next check-and-record; cleanup deletes them.
create table if not exists ${quoted} (
  domain text not null,
  message_id text not null,
  recorded_at timestamptz not null default now(),
  expires_at timestamptz null,
  constraint ${name("_pkey")} primary key (domain, message_id)
);
create index if not exists ${name("_expires_at_idx")} on ${quoted} (expires_at) where expires_at is not null;
create index if not exists ${name("_recorded_at_idx")} on ${quoted} (recorded_at);
`;
}

/** The SQL of `src/migrations/001-idempotency.sql` (default table name). */
export const MIGRATION_001_IDEMPOTENCY_SQL = migration001IdempotencySql();
