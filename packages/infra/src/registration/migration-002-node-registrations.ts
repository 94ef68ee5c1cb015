// Migration 002: the node registration projection. Kept as a string so nothing is read from disk at runtime; every
// statement is idempotent (`if not exists`), and the table name is configurable (tests use one per run).
import { parseSqlTableName } from "../migrations/migration-001-idempotency.js";
import { DEFAULT_NODE_REGISTRATIONS_TABLE } from "./registration-projection-store.js";

/** Id under which `runMigrations` records migration 002 for `tableName` (the default table keeps the plain id). */
export function migration002NodeRegistrationsId(tableName: string = DEFAULT_NODE_REGISTRATIONS_TABLE): string {
  const { schema, table } = parseSqlTableName(tableName);
  const qualified = schema === null ? table : `${schema}.${table}`;
  return qualified === DEFAULT_NODE_REGISTRATIONS_TABLE ? "002-node-registrations" : `002-node-registrations.${qualified}`;
}

/** The migration's SQL for `tableName` (`table` or `schema.table`; default `onex_node_registrations`). */
export function migration002NodeRegistrationsSql(tableName: string = DEFAULT_NODE_REGISTRATIONS_TABLE): string {
  const { schema, table, quoted } = parseSqlTableName(tableName);
  const name = (suffix: string): string => `"${table.slice(0, 63 - suffix.length)}${suffix}"`;
  const createSchema = schema === null ? "" : `create schema if not exists "${schema}";\n`;
  return `-- Node registration projection: one row per node instance. The registry effect owns the description columns
-- (node_name .. metadata); the storage effect owns the state columns and only writes a newer sequence.
${createSchema}create table if not exists ${quoted} (
  node_id text not null,
  node_name text not null,
  node_type text not null,
  node_version text not null,
  endpoint text null,
  capabilities jsonb not null default '[]'::jsonb,
  metadata jsonb not null default '{}'::jsonb,
  registration_state text not null,
  last_heartbeat_at timestamptz null,
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sequence bigint not null default 0,
  reducer_snapshot jsonb null,
  constraint ${name("_pkey")} primary key (node_id),
  constraint ${name("_sequence_check")} check (sequence >= 0)
);
create index if not exists ${name("_state_heartbeat_idx")} on ${quoted} (registration_state, last_heartbeat_at);
create index if not exists ${name("_node_type_idx")} on ${quoted} (node_type);
`;
}

/** The SQL of migration 002 for the default table. */
export const MIGRATION_002_NODE_REGISTRATIONS_SQL: string = migration002NodeRegistrationsSql();
