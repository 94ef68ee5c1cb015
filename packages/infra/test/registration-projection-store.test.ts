import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseConnectionPglite } from "../src/database/database-connection-pglite.js";
import {
  MIGRATION_002_NODE_REGISTRATIONS_SQL,
  migration002NodeRegistrationsId,
  migration002NodeRegistrationsSql,
} from "../src/registration/migration-002-node-registrations.js";
import { RegistrationProjectionStoreInmemory } from "../src/registration/registration-projection-store-inmemory.js";
import { RegistrationProjectionStorePostgres } from "../src/registration/registration-projection-store-postgres.js";
import { defineProjectionStoreScenarios } from "./support/registration-store-scenarios.js";

defineProjectionStoreScenarios("memory", () => Promise.resolve(new RegistrationProjectionStoreInmemory()));

// Embedded PostgreSQL: the same SQL as production, one fresh table per test.
const pglite = new DatabaseConnectionPglite();
let tables = 0;
beforeAll(() => pglite.start());
afterAll(() => pglite.close());

defineProjectionStoreScenarios("pglite", async () => {
  tables += 1;
  const store = new RegistrationProjectionStorePostgres(pglite, { table: `registrations_${tables}` });
  await store.migrate();
  return store;
});

describe("migration 002", () => {
  it("creates the projection table with the spec's columns, and is applied once", async () => {
    const store = new RegistrationProjectionStorePostgres(pglite, { table: "migration_check.node_registrations" });
    expect((await store.migrate()).applied).toEqual(["002-node-registrations.migration_check.node_registrations"]);
    expect((await store.migrate()).skipped).toEqual(["002-node-registrations.migration_check.node_registrations"]);
    const columns = await pglite.query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_schema = 'migration_check' and table_name = 'node_registrations' order by ordinal_position",
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      "node_id",
      "node_name",
      "node_type",
      "node_version",
      "endpoint",
      "capabilities",
      "metadata",
      "registration_state",
      "last_heartbeat_at",
      "registered_at",
      "updated_at",
      "sequence",
      "reducer_snapshot",
    ]);
  });

  it("targets onex_node_registrations by default and refuses a table name that is not a plain identifier", () => {
    expect(MIGRATION_002_NODE_REGISTRATIONS_SQL).toContain('create table if not exists "onex_node_registrations"');
    expect(migration002NodeRegistrationsId()).toBe("002-node-registrations");
    expect(() => migration002NodeRegistrationsSql('x"; drop table y; --')).toThrow(/invalid table name/);
  });
});
