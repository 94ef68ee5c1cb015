// The registration projection in PostgreSQL (pg or PGlite) through ProtocolDatabaseConnection. Parameters only; the
// table name is validated once and quoted. Rows are parsed with zod (drivers differ: pg returns bigint as a string,
// timestamptz as Date; PGlite may return numbers).
import type { ProtocolDatabaseConnection } from "@onex/spi";
import { z } from "zod";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { parseSqlTableName, type SqlTableName } from "../migrations/migration-001-idempotency.js";
import { runMigrations, type RunMigrationsResult } from "../migrations/util-migration-runner.js";
import { migration002NodeRegistrationsId, migration002NodeRegistrationsSql } from "./migration-002-node-registrations.js";
import {
  DEFAULT_NODE_REGISTRATIONS_TABLE,
  REGISTRATION_LIST_DEFAULT_LIMIT,
  REGISTRATION_LIST_MAX_LIMIT,
  type RegistrationNodeDescription,
  type RegistrationProjectionListFilter,
  type RegistrationProjectionRecord,
  type RegistrationProjectionStore,
  type RegistrationProjectionStoreResult,
} from "./registration-projection-store.js";

/** Options of {@link RegistrationProjectionStorePostgres}. */
export interface RegistrationProjectionStorePostgresOptions {
  /** `table` or `schema.table`; default `onex_node_registrations`. */
  readonly table?: string | undefined;
}

const isoTime = z.union([z.date(), z.string(), z.number()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a time" });
    return z.NEVER;
  }
  return date.toISOString();
});
const sequence = z.union([z.number(), z.string(), z.bigint()]).transform((value) => Number(value)).pipe(z.number().int().min(0));
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" ? (JSON.parse(value) as unknown) : value), schema);

const ProjectionRow = z.object({
  node_id: z.string(),
  node_name: z.string(),
  node_type: z.string(),
  node_version: z.string(),
  endpoint: z.string().nullable(),
  capabilities: json(z.array(z.string())),
  metadata: json(z.record(z.string(), z.unknown())),
  registration_state: z.string(),
  last_heartbeat_at: isoTime.nullable(),
  registered_at: isoTime,
  updated_at: isoTime,
  sequence,
  reducer_snapshot: json(z.record(z.string(), z.unknown()).nullable()),
});

const COLUMNS =
  "node_id, node_name, node_type, node_version, endpoint, capabilities, metadata, registration_state, last_heartbeat_at, registered_at, updated_at, sequence, reducer_snapshot";

/** {@link RegistrationProjectionStore} on a PostgreSQL connection. Call {@link migrate} once before use. */
export class RegistrationProjectionStorePostgres implements RegistrationProjectionStore {
  readonly table: SqlTableName;
  readonly #db: ProtocolDatabaseConnection;

  constructor(db: ProtocolDatabaseConnection, options: RegistrationProjectionStorePostgresOptions = {}) {
    this.#db = db;
    this.table = parseSqlTableName(options.table ?? DEFAULT_NODE_REGISTRATIONS_TABLE);
  }

  /** Creates the table and its indexes (migration 002, recorded by `runMigrations`). Idempotent. */
  migrate(): Promise<RunMigrationsResult> {
    const name = this.#qualifiedName();
    return runMigrations(this.#db, [{ id: migration002NodeRegistrationsId(name), sql: migration002NodeRegistrationsSql(name) }]);
  }

  async get(nodeId: string): Promise<RegistrationProjectionRecord | null> {
    const result = await this.#db.query(`select ${COLUMNS} from ${this.table.quoted} where node_id = $1`, [nodeId]);
    const row = result.rows[0];
    return row === undefined ? null : this.#parse(row, "registration.get");
  }

  async list(filter: RegistrationProjectionListFilter = {}): Promise<RegistrationProjectionRecord[]> {
    const limit = Math.min(Math.max(1, filter.limit ?? REGISTRATION_LIST_DEFAULT_LIMIT), REGISTRATION_LIST_MAX_LIMIT);
    const result = await this.#db.query(
      `select ${COLUMNS} from ${this.table.quoted}
       where ($1::text is null or registration_state = $1::text)
         and ($2::text is null or node_type = $2::text)
         and ($3::timestamptz is null or last_heartbeat_at is null or last_heartbeat_at < $3::timestamptz)
       order by node_id limit $4::int`,
      [filter.registration_state ?? null, filter.node_type ?? null, filter.heartbeat_before ?? null, limit],
    );
    return result.rows.map((row) => this.#parse(row, "registration.list"));
  }

  async store(record: RegistrationProjectionRecord): Promise<RegistrationProjectionStoreResult> {
    const t = this.table.quoted;
    const result = await this.#db.query<{ sequence: unknown }>(
      `insert into ${t} (${COLUMNS})
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::timestamptz, $10::timestamptz, $11::timestamptz, $12::bigint, $13::jsonb)
       on conflict (node_id) do update set
         node_name = excluded.node_name, node_type = excluded.node_type, node_version = excluded.node_version,
         endpoint = excluded.endpoint, capabilities = excluded.capabilities, metadata = excluded.metadata,
         registration_state = excluded.registration_state, last_heartbeat_at = excluded.last_heartbeat_at,
         updated_at = excluded.updated_at, sequence = excluded.sequence, reducer_snapshot = excluded.reducer_snapshot
       where ${t}.sequence < excluded.sequence
       returning sequence`,
      this.#params(record),
    );
    const stored = result.rows[0];
    if (stored !== undefined) return { applied: true, sequence: sequence.parse(stored.sequence) };
    const current = await this.get(record.node_id);
    return { applied: false, sequence: current?.sequence ?? record.sequence };
  }

  async expire(record: RegistrationProjectionRecord, heartbeatBefore: string): Promise<boolean> {
    const result = await this.#db.execute(
      `update ${this.table.quoted}
       set registration_state = $2, updated_at = $3::timestamptz, sequence = $4::bigint, reducer_snapshot = $5::jsonb
       where node_id = $1 and registration_state = 'active' and sequence < $4::bigint
         and (last_heartbeat_at is null or last_heartbeat_at < $6::timestamptz)`,
      [record.node_id, record.registration_state, record.updated_at, record.sequence, JSON.stringify(record.reducer_snapshot), heartbeatBefore],
    );
    return result.rowCount > 0;
  }

  async upsertDescription(description: RegistrationNodeDescription, at: string): Promise<void> {
    await this.#db.execute(
      `insert into ${this.table.quoted}
         (node_id, node_name, node_type, node_version, endpoint, capabilities, metadata, registration_state, registered_at, updated_at, sequence)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, 'registering', $8::timestamptz, $8::timestamptz, 0)
       on conflict (node_id) do update set
         node_name = excluded.node_name, node_type = excluded.node_type, node_version = excluded.node_version,
         endpoint = excluded.endpoint, capabilities = excluded.capabilities, metadata = excluded.metadata,
         updated_at = excluded.updated_at`,
      [
        description.node_id,
        description.node_name,
        description.node_type,
        description.node_version,
        description.endpoint,
        JSON.stringify(description.capabilities),
        JSON.stringify(description.metadata),
        at,
      ],
    );
  }

  #qualifiedName(): string {
    return this.table.schema === null ? this.table.table : `${this.table.schema}.${this.table.table}`;
  }

  #params(record: RegistrationProjectionRecord): unknown[] {
    return [
      record.node_id,
      record.node_name,
      record.node_type,
      record.node_version,
      record.endpoint,
      JSON.stringify(record.capabilities),
      JSON.stringify(record.metadata),
      record.registration_state,
      record.last_heartbeat_at,
      record.registered_at,
      record.updated_at,
      record.sequence,
      record.reducer_snapshot === null ? null : JSON.stringify(record.reducer_snapshot),
    ];
  }

  #parse(row: unknown, operation: string): RegistrationProjectionRecord {
    const parsed = ProjectionRow.safeParse(row);
    if (parsed.success) return parsed.data;
    throw new RuntimeHostError(`${operation}: a row of ${this.table.quoted} does not have the projection's shape`, {
      context: { transportType: EnumInfraTransportType.DATABASE, operation, targetName: this.table.quoted },
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  }
}
