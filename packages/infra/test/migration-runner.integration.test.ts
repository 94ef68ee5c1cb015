// The migration runner against the real PostgreSQL (including concurrent runners) and against PGlite.
import { afterAll, describe, expect, it } from "vitest";
import {
  DatabaseConnectionPg,
  DatabaseConnectionPglite,
  DatabaseQueryError,
  ProtocolConfigurationError,
  listAppliedMigrations,
  migration001IdempotencySql,
  runMigrations,
  type DatabaseConnection,
  type MigrationDefinition,
} from "../src/index.js";
import { testServices } from "./support/test-services.js";

let seq = 0;
function names(): { readonly table: string; readonly data: string; readonly idempotency: string } {
  seq += 1;
  const base = `${process.pid}_${Date.now().toString(36)}_${seq}`;
  return { table: `onex_mig_${base}`, data: `onex_migdata_${base}`, idempotency: `onex_idem_${base}` };
}

function migrationsFor(n: ReturnType<typeof names>): MigrationDefinition[] {
  return [
    { id: "001-idempotency", sql: migration001IdempotencySql(n.idempotency) },
    { id: "002-data", sql: `create table ${n.data} (id int primary key); insert into ${n.data} values (1);` },
    // Depends on 002: only works when applied after it.
    { id: "003-data-column", sql: `alter table ${n.data} add column label text not null default 'x'; insert into ${n.data} (id) values (2);` },
  ];
}

const pgConnections: DatabaseConnectionPg[] = [];
const dropped: string[] = [];
function pgConnection(): DatabaseConnectionPg {
  const connection = new DatabaseConnectionPg({ connectionString: testServices.postgresUrl, poolSize: 2 });
  pgConnections.push(connection);
  return connection;
}

let sharedPglite: DatabaseConnectionPglite | undefined;

afterAll(async () => {
  await sharedPglite?.close();
  const cleanup = pgConnection();
  for (const table of dropped) await cleanup.execute(`drop table if exists ${table}`);
  await Promise.all(pgConnections.map((c) => c.close()));
});

const drivers: readonly (readonly [string, () => DatabaseConnection])[] = [
  ["pg", pgConnection],
  ["pglite", () => (sharedPglite ??= new DatabaseConnectionPglite())],
];

describe.each(drivers)("runMigrations on %s", (_driver, connect) => {
  it("applies migrations in order once, records them, and skips them on every later run", async () => {
    const connection = connect();
    const n = names();
    dropped.push(n.table, n.data, n.idempotency);
    const first = await runMigrations(connection, migrationsFor(n), { table: n.table });
    expect(first).toEqual({ applied: ["001-idempotency", "002-data", "003-data-column"], skipped: [] });
    const second = await runMigrations(connection, migrationsFor(n), { table: n.table });
    expect(second).toEqual({ applied: [], skipped: ["001-idempotency", "002-data", "003-data-column"] });
    expect(await listAppliedMigrations(connection, n.table)).toEqual(["001-idempotency", "002-data", "003-data-column"]);
    expect((await connection.query(`select id, label from ${n.data} order by id`)).rows).toEqual([
      { id: 1, label: "x" },
      { id: 2, label: "x" },
    ]);
    // The idempotency table of migration 001 exists and enforces its key.
    await connection.execute(`insert into ${n.idempotency} (domain, message_id) values ($1, $2)`, ["d", "m"]);
    await expect(connection.execute(`insert into ${n.idempotency} (domain, message_id) values ($1, $2)`, ["d", "m"])).rejects.toBeInstanceOf(DatabaseQueryError);
  }, 60_000);

  it("rolls a failing migration back entirely, keeps the earlier ones, and refuses edited SQL of applied ones", async () => {
    const connection = connect();
    const n = names();
    dropped.push(n.table, n.data, n.idempotency);
    const [first, second] = migrationsFor(n);
    const broken: MigrationDefinition = { id: "003-broken", sql: `insert into ${n.data} values (3); insert into ${n.data} values (1);` };
    const error = await runMigrations(connection, [first as MigrationDefinition, second as MigrationDefinition, broken], { table: n.table }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect((error as DatabaseQueryError).context.migrationId).toBe("003-broken");
    expect(await listAppliedMigrations(connection, n.table)).toEqual(["001-idempotency", "002-data"]);
    expect((await connection.query(`select id from ${n.data} order by id`)).rows).toEqual([{ id: 1 }]);

    const edited = { id: "002-data", sql: `${second?.sql ?? ""} -- edited` };
    await expect(runMigrations(connection, [edited], { table: n.table })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(runMigrations(connection, [{ id: "bad id!", sql: "select 1" }], { table: n.table })).rejects.toBeInstanceOf(ProtocolConfigurationError);
  }, 60_000);
});

describe("runMigrations with concurrent runners on PostgreSQL", () => {
  it("applies each migration exactly once when several processes start at the same time", async () => {
    const n = names();
    dropped.push(n.table, n.data, n.idempotency);
    const counter: MigrationDefinition = { id: "004-count", sql: `insert into ${n.data} (id) values (100)` };
    const runners = Array.from({ length: 6 }, () => pgConnection());
    const results = await Promise.all(runners.map((connection) => runMigrations(connection, [...migrationsFor(n), counter], { table: n.table })));
    const appliedIds = results.flatMap((r) => r.applied);
    expect(appliedIds.sort()).toEqual(["001-idempotency", "002-data", "003-data-column", "004-count"]);
    for (const result of results) expect([...result.applied, ...result.skipped].sort()).toEqual(["001-idempotency", "002-data", "003-data-column", "004-count"]);
    const rows = await runners[0]?.query<{ n: number }>(`select count(*)::int as n from ${n.data} where id = 100`);
    expect(rows?.rows).toEqual([{ n: 1 }]);
  }, 60_000);
});
