import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandlerDb } from "../src/handlers/handler-db.js";
import { NodePostgresAdapterEffect } from "../src/nodes/postgres_adapter/v1_0_0/node.js";
import { RegistryInfraPostgresAdapter } from "../src/nodes/postgres_adapter/v1_0_0/registry/registry-infra-postgres-adapter.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { testServices, uniqueName } from "./support/test-services.js";

type Backend = { readonly label: string; readonly node: () => NodePostgresAdapterEffect };

// The same scenario against both drivers: create table, transactional insert, select, rollback on failure.
function scenario(backend: Backend): void {
  const table = uniqueName("onex_pg_adapter").replace(/-/g, "_").toLowerCase();

  it(`creates a table, inserts in a transaction and selects the rows back (${backend.label})`, async () => {
    const node = backend.node();
    const created = await node.process({ operation: "db.execute", payload: { sql: `create table "${table}" (id int primary key, name text not null)` } });
    expect(created.success).toBe(true);

    const inserted = await node.process({
      operation: "db.transaction",
      payload: {
        statements: [
          { sql: `insert into "${table}" (id, name) values ($1, $2)`, params: [1, "alpha"] },
          { sql: `insert into "${table}" (id, name) values ($1, $2)`, params: [2, "beta"] },
        ],
      },
    });
    expect(inserted).toMatchObject({ operation: "db.transaction", success: true, retry_count: 0, error: null, result: { results: [{ rowCount: 1 }, { rowCount: 1 }] } });

    const correlationId = crypto.randomUUID();
    const selected = await node.process({ operation: "db.query", payload: { sql: `select id, name from "${table}" where id >= $1 order by id`, params: [1] }, correlation_id: correlationId });
    expect(selected.success).toBe(true);
    expect(selected.correlation_id).toBe(correlationId);
    expect(selected.result?.rows).toEqual([
      { id: 1, name: "alpha" },
      { id: 2, name: "beta" },
    ]);
    expect(selected.result?.rowCount).toBe(2);
    expect(selected.result?.truncated).toBe(false);
    expect(selected.result?.fields?.map((field) => field.name)).toEqual(["id", "name"]);
  });

  it(`rolls a failed transaction back and returns the failure instead of throwing (${backend.label})`, async () => {
    const node = backend.node();
    const failed = await node.process({
      operation: "db.transaction",
      payload: {
        statements: [
          { sql: `insert into "${table}" (id, name) values ($1, $2)`, params: [3, "gamma"] },
          { sql: `insert into "${table}" (id, name) values ($1, $2)`, params: [1, "duplicate"] },
        ],
      },
    });
    expect(failed.success).toBe(false);
    expect(failed.result).toBeNull();
    expect(failed.error?.errorCode).toBe(EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION);
    expect(failed.error?.correlationId).toBe(failed.correlation_id);

    const count = await node.process({ operation: "db.query", payload: { sql: `select count(*)::int as n from "${table}"` } });
    expect(count.result?.rows).toEqual([{ n: 2 }]);
    await node.process({ operation: "db.execute", payload: { sql: `drop table "${table}"` } });
  });
}

describe("NodePostgresAdapterEffect against the real PostgreSQL", () => {
  const container = new ModelONEXContainer();
  const handler = new HandlerDb();

  beforeAll(async () => {
    await handler.initialize({ driver: "pg", connectionString: testServices.postgresUrl, poolSize: 2 });
    RegistryInfraPostgresAdapter.register(container, { handler });
  });
  afterAll(async () => {
    await handler.shutdown();
    await container.dispose();
  });

  scenario({ label: "pg", node: () => RegistryInfraPostgresAdapter.resolve(container) });

  it("rejects an invalid payload before any I/O with a validation error naming the field", async () => {
    const node = RegistryInfraPostgresAdapter.resolve(container);
    const correlationId = crypto.randomUUID();
    const error = await node.process({ operation: "db.query", payload: { sql: "select 1", max_rows: 5 } as never, correlation_id: correlationId }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelOnexError);
    expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect((error as ModelOnexError).message).toContain("max_rows");
    expect((error as ModelOnexError).correlationId).toBe(correlationId);

    const unknown = await node.process({ operation: "db.drop", payload: {} } as never).catch((thrown: unknown) => thrown);
    expect((unknown as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
  });

  it("resolves one node per container, guarded by the contract's breaker from the breaker factory", () => {
    const node = RegistryInfraPostgresAdapter.resolve(container);
    expect(RegistryInfraPostgresAdapter.resolve(container)).toBe(node);
    expect(node.operations).toEqual(["db.execute", "db.query", "db.transaction"]);
    const breakers = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    expect(breakers.has("node.postgres_adapter")).toBe(true);
    expect(container.resolveService(RegistryInfraPostgresAdapter.tokens.circuitBreaker)).toBe(breakers.get("node.postgres_adapter"));
  });

  it("reports the handler's health", async () => {
    const health = await RegistryInfraPostgresAdapter.resolve(container).health();
    expect(health.healthy).toBe(true);
    expect(health.details).toMatchObject({ node: "postgres_adapter" });
  });
});

describe("NodePostgresAdapterEffect on embedded PGlite through RegistryProtocolBinding", () => {
  const container = new ModelONEXContainer();
  const handler = new HandlerDb();

  beforeAll(async () => {
    await handler.initialize({ driver: "pglite" });
    wireInfrastructureServices(container);
    container.resolveService(InfraServiceTokens.protocolBindingRegistry).register(handler);
  });
  afterAll(async () => {
    await handler.shutdown();
    await container.dispose();
  });

  scenario({ label: "pglite", node: () => new NodePostgresAdapterEffect(container) });

  it("throws a configuration error when no db handler is bound", async () => {
    const bare = new ModelONEXContainer();
    wireInfrastructureServices(bare);
    const error = await new NodePostgresAdapterEffect(bare).process({ operation: "db.query", payload: { sql: "select 1" } }).catch((thrown: unknown) => thrown);
    expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE);
    await bare.dispose();
  });
});
