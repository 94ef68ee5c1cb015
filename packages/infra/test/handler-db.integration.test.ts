// HandlerDb behaviour shared by both drivers: the same suite runs against the real PostgreSQL (pg pool) and against
// embedded PGlite in memory.
import { EnumCoreErrorCode, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseQueryError, EnvelopeValidationError, HandlerDb, InfraUnavailableError, ProtocolConfigurationError, type HandlerDbQueryResult } from "../src/index.js";
import { testServices } from "./support/test-services.js";

function envelope(operation: string, payload: Record<string, unknown>): ModelEventEnvelope {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "handler-db-test", operation, payload });
}

let tableSeq = 0;
function tableName(): string {
  tableSeq += 1;
  return `onex_hdb_${process.pid}_${Date.now().toString(36)}_${tableSeq}`;
}

const drivers = [
  { driver: "pg", config: { driver: "pg", connectionString: testServices.postgresUrl, poolSize: 4 } },
  { driver: "pglite", config: { driver: "pglite" } },
] as const;

describe.each(drivers)("HandlerDb on $driver", ({ config }) => {
  const handler = new HandlerDb();
  const created: string[] = [];

  beforeAll(async () => {
    await handler.initialize(config);
  }, 60_000);

  afterAll(async () => {
    for (const table of created) await handler.execute(envelope("db.execute", { sql: `drop table if exists ${table}` }));
    await handler.shutdown();
  }, 60_000);

  async function createTable(): Promise<string> {
    const table = tableName();
    created.push(table);
    await handler.execute(envelope("db.execute", { sql: `create table ${table} (id int primary key, name text not null check (name <> 'forbidden'))` }));
    return table;
  }

  async function query(sql: string, params: unknown[] = [], extra: Record<string, unknown> = {}): Promise<HandlerDbQueryResult> {
    const result = await handler.execute(envelope("db.query", { sql, params, ...extra }));
    return result.payload as HandlerDbQueryResult;
  }

  it("creates, reads, updates and deletes rows through execute and query", async () => {
    const table = await createTable();
    const inserted = await handler.execute(envelope("db.execute", { sql: `insert into ${table} (id, name) values ($1, $2), ($3, $4)`, params: [1, "one", 2, "two"] }));
    expect(inserted.payload).toEqual({ rowCount: 2 });
    const read = await query(`select id, name from ${table} where id = $1`, [1]);
    expect(read.rows).toEqual([{ id: 1, name: "one" }]);
    expect(read.rowCount).toBe(1);
    expect(read.truncated).toBe(false);
    expect(read.fields.map((f) => f.name)).toEqual(["id", "name"]);
    expect(read.fields[0]?.dataTypeID).toBe(23);

    const updated = await handler.execute(envelope("db.execute", { sql: `update ${table} set name = $1 where id = $2`, params: ["uno", 1] }));
    expect(updated.payload).toEqual({ rowCount: 1 });
    const deleted = await handler.execute(envelope("db.execute", { sql: `delete from ${table} where id = $1`, params: [2] }));
    expect(deleted.payload).toEqual({ rowCount: 1 });
    expect((await query(`select id, name from ${table} order by id`)).rows).toEqual([{ id: 1, name: "uno" }]);
  });

  it("commits every statement of a transaction and reports each row count", async () => {
    const table = await createTable();
    const result = await handler.execute(
      envelope("db.transaction", {
        statements: [
          { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [1, "a"] },
          { sql: `insert into ${table} (id, name) values ($1, $2), ($3, $4)`, params: [2, "b", 3, "c"] },
          { sql: `update ${table} set name = upper(name)` },
        ],
      }),
    );
    expect(result.payload).toEqual({ results: [{ rowCount: 1 }, { rowCount: 2 }, { rowCount: 3 }] });
    expect((await query(`select count(*)::int as n from ${table}`)).rows).toEqual([{ n: 3 }]);
  });

  it("rolls the whole transaction back when a later statement violates a constraint", async () => {
    const table = await createTable();
    await handler.execute(envelope("db.execute", { sql: `insert into ${table} (id, name) values (1, 'existing')` }));
    const failing = handler.execute(
      envelope("db.transaction", {
        statements: [
          { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [10, "first"] },
          { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [1, "duplicate key"] },
        ],
      }),
    );
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect((error as DatabaseQueryError).errorCode).toBe(EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION);
    expect((error as DatabaseQueryError).isRetryable).toBe(false);
    expect((error as DatabaseQueryError).constraint).toBe(`${table}_pkey`);
    expect((await query(`select id from ${table} where id = $1`, [10])).rows).toEqual([]);
  });

  it("isolates concurrent transactions: a failing one rolls back only its own statements", async () => {
    const table = await createTable();
    const runs = Array.from({ length: 10 }, (_, i) =>
      handler
        .execute(
          envelope("db.transaction", {
            statements: [
              { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [i, "first"] },
              { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [100 + i, i === 5 ? "forbidden" : "second"] },
            ],
          }),
        )
        .then(
          () => "committed",
          () => "rolled back",
        ),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === "committed")).toHaveLength(9);
    expect(outcomes[5]).toBe("rolled back");
    const ids = (await query(`select id from ${table} order by id`)).rows.map((row) => row.id);
    expect(ids).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 100, 101, 102, 103, 104, 106, 107, 108, 109]);
  });

  it("stores hostile parameter values verbatim: values are bound, never interpolated", async () => {
    const table = await createTable();
    const hostile = `'); drop table ${table}; --`;
    await handler.execute(envelope("db.execute", { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [1, hostile] }));
    expect((await query(`select name from ${table} where name = $1`, [hostile])).rows).toEqual([{ name: hostile }]);
  });

  it("keeps at most maxRows rows and flags the result as truncated", async () => {
    const table = await createTable();
    await handler.execute(envelope("db.execute", { sql: `insert into ${table} (id, name) select g, 'n' || g from generate_series(1, 25) g` }));
    const capped = await query(`select id from ${table} order by id`, [], { maxRows: 10 });
    expect(capped.rows).toHaveLength(10);
    expect(capped.rows.at(-1)).toEqual({ id: 10 });
    expect(capped.truncated).toBe(true);
    expect(capped.rowCount).toBe(25);
    const exact = await query(`select id from ${table} where id <= 10`, [], { maxRows: 10 });
    expect(exact.truncated).toBe(false);
  });

  it("maps SQL errors by SQLSTATE: constraints name the constraint without values, syntax errors are query errors", async () => {
    const table = await createTable();
    const check = await handler
      .execute(envelope("db.execute", { sql: `insert into ${table} (id, name) values ($1, $2)`, params: [1, "forbidden"] }))
      .catch((e: unknown) => e);
    expect(check).toMatchObject({ errorCode: EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION, sqlState: "23514", constraint: `${table}_name_check` });
    expect(JSON.stringify(check)).not.toContain("forbidden");

    const syntax = await query("selec 1").catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(DatabaseQueryError);
    expect(syntax).toMatchObject({ errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR, sqlState: "42601", isRetryable: false });

    // db.query runs exactly one statement (extended protocol on both drivers).
    await expect(query("select 1; select 2")).rejects.toMatchObject({ sqlState: "42601" });

    const badValue = await query("select $1::int as n", ["S3cretNotAnInt"]).catch((e: unknown) => e);
    expect(badValue).toMatchObject({ errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR, sqlState: "22P02" });
    expect(JSON.stringify(badValue)).not.toContain("S3cretNotAnInt");
    expect(String((badValue as Error).message)).not.toContain("S3cretNotAnInt");
  });

  it("rejects malformed payloads and unknown operations with validation errors naming the problem", async () => {
    const notArray = await handler.execute(envelope("db.query", { sql: "select 1", params: { a: 1 } })).catch((e: unknown) => e);
    expect(notArray).toBeInstanceOf(EnvelopeValidationError);
    expect((notArray as Error).message).toContain("payload.params");
    const unknown = await handler.execute(envelope("db.vacuum", { sql: "vacuum" })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(EnvelopeValidationError);
    expect((unknown as Error).message).toContain("db.query");
  });

  it("describes itself and reports healthy with its circuit state", async () => {
    expect(handler.describe()).toMatchObject({ handlerType: "db", operations: ["db.query", "db.execute", "db.transaction"] });
    const health = await handler.health();
    expect(health.healthy).toBe(true);
    expect(health.details).toMatchObject({ handlerType: "db", circuitState: "closed" });
  });
});

describe("HandlerDb lifecycle", () => {
  it("refuses a bad config naming the fields, and rejects execute before initialize and after shutdown", async () => {
    const handler = new HandlerDb();
    const bad = await handler.initialize({ driver: "pg", poolSize: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ProtocolConfigurationError);
    expect((bad as Error).message).toContain("poolSize");
    const noTarget = await new HandlerDb().initialize({ driver: "pg" }).catch((e: unknown) => e);
    expect(noTarget).toBeInstanceOf(ProtocolConfigurationError);
    expect((noTarget as Error).message).toContain("connectionString");
    await expect(handler.execute(envelope("db.query", { sql: "select 1" }))).rejects.toBeInstanceOf(InfraUnavailableError);
    expect((await handler.health()).healthy).toBe(false);

    const ready = new HandlerDb();
    await ready.initialize({ connectionString: testServices.postgresUrl });
    await ready.shutdown();
    await ready.shutdown();
    await expect(ready.execute(envelope("db.query", { sql: "select 1" }))).rejects.toThrow(/shut down/);
  });
});
