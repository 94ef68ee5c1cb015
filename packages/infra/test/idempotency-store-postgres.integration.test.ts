import { EnumCoreErrorCode } from "@onex/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { RuntimeHostError } from "../src/errors/error-runtime-host.js";
import { IdempotencyStorePostgres } from "../src/idempotency/idempotency-store-postgres.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

const table = uniqueName("onex_idem_test").replace(/-/g, "_").toLowerCase();

describe("IdempotencyStorePostgres (real PostgreSQL)", () => {
  let pool: pg.Pool;
  let store: IdempotencyStorePostgres;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testServices.postgresUrl, max: 20 });
    store = new IdempotencyStorePostgres({ pool, tableName: table });
    await store.ensureSchema();
  });

  afterAll(async () => {
    await pool.query(`drop table if exists "${table}"`);
    await store.close();
    await pool.end();
  });

  it("creates the table idempotently, also when several stores race to do it", async () => {
    await Promise.all(Array.from({ length: 5 }, () => new IdempotencyStorePostgres({ pool, tableName: table }).ensureSchema()));
    const { rows } = await pool.query<{ n: string }>("select count(*) as n from information_schema.tables where table_name = $1", [table]);
    expect(rows[0]?.n).toBe("1");
  });

  it("answers true to exactly one of 50 concurrent checkAndRecord calls for one message", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.checkAndRecord("orders", "concurrent-1")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.isProcessed("orders", "concurrent-1")).toBe(true);
    expect(await store.isProcessed("payments", "concurrent-1")).toBe(false);
  });

  it("replaces an expired record (exactly once under concurrency) and cleanup deletes expired and old rows", async () => {
    expect(await store.checkAndRecord("ttl", "m-1", 0.2)).toBe(true);
    expect(await store.checkAndRecord("ttl", "m-1", 0.2)).toBe(false);
    await waitFor(async () => !(await store.isProcessed("ttl", "m-1")), { timeoutMs: 10_000, description: "the record to expire" });
    const again = await Promise.all(Array.from({ length: 20 }, () => store.checkAndRecord("ttl", "m-1", 0.2)));
    expect(again.filter(Boolean)).toHaveLength(1);

    await store.checkAndRecord("ttl", "long-lived", 3600);
    await waitFor(async () => !(await store.isProcessed("ttl", "m-1")), { timeoutMs: 10_000, description: "the second expiry" });
    expect(await store.cleanup(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(await store.isProcessed("ttl", "long-lived")).toBe(true);
    const remaining = await pool.query(`select 1 from "${table}"`);
    expect(await store.cleanup(new Date(Date.now() + 60_000))).toBe(remaining.rowCount);
    expect(await store.isProcessed("ttl", "long-lived")).toBe(false);
  });

  it("reports health and maps a missing table to a DATABASE_QUERY_ERROR", async () => {
    expect((await store.health()).healthy).toBe(true);
    const missing = new IdempotencyStorePostgres({ pool, tableName: `${table}_missing` });
    const error: unknown = await missing.checkAndRecord("d", "m").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeHostError);
    expect((error as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.DATABASE_QUERY_ERROR);
  });

  it("maps an unreachable database to InfraConnectionError without leaking the DSN password", async () => {
    const unreachable = new IdempotencyStorePostgres({ connectionString: "postgres://app:Pa55-s3cret@127.0.0.1:1/test", poolConfig: { connectionTimeoutMillis: 2_000 } });
    try {
      const error: unknown = await unreachable.checkAndRecord("d", "m").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfraConnectionError);
      expect((error as InfraConnectionError).errorCode).toBe(EnumCoreErrorCode.DATABASE_CONNECTION_ERROR);
      expect(JSON.stringify((error as InfraConnectionError).toJSON())).not.toContain("Pa55-s3cret");
      const health = await unreachable.health();
      expect(health.healthy).toBe(false);
      expect(JSON.stringify(health)).not.toContain("Pa55-s3cret");
    } finally {
      await unreachable.close();
    }
  });
});
