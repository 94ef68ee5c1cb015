import { readFileSync } from "node:fs";
import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { IdempotencyStoreInmemory } from "../src/idempotency/idempotency-store-inmemory.js";
import { MIGRATION_001_IDEMPOTENCY_SQL, migration001IdempotencySql, parseSqlTableName } from "../src/migrations/migration-001-idempotency.js";

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("IdempotencyStoreInmemory", () => {
  it("answers true to exactly one of 50 concurrent checkAndRecord calls for one message", async () => {
    const store = new IdempotencyStoreInmemory();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.checkAndRecord("orders", "m-1")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.isProcessed("orders", "m-1")).toBe(true);
  });

  it("keeps domains apart", async () => {
    const store = new IdempotencyStoreInmemory();
    expect(await store.checkAndRecord("a", "m")).toBe(true);
    expect(await store.checkAndRecord("b", "m")).toBe(true);
    expect(await store.checkAndRecord("a", "m")).toBe(false);
    expect(await store.isProcessed("c", "m")).toBe(false);
  });

  it("forgets a record once its ttl has passed, and records it again", async () => {
    const time = clock();
    const store = new IdempotencyStoreInmemory({ now: time.now, defaultTtlSeconds: 60 });
    expect(await store.checkAndRecord("d", "m", 10)).toBe(true);
    time.advance(9_999);
    expect(await store.checkAndRecord("d", "m", 10)).toBe(false);
    time.advance(1);
    expect(await store.isProcessed("d", "m")).toBe(false);
    expect(await store.checkAndRecord("d", "m")).toBe(true);
    time.advance(59_999);
    expect(await store.isProcessed("d", "m")).toBe(true);
  });

  it("cleanup removes records older than the cutoff and expired ones, and returns how many", async () => {
    const time = clock();
    const store = new IdempotencyStoreInmemory({ now: time.now, defaultTtlSeconds: null });
    await store.checkAndRecord("d", "old");
    await store.checkAndRecord("d", "short", 1);
    time.advance(5_000);
    const cutoff = new Date(time.now());
    await store.checkAndRecord("d", "new");
    expect(await store.cleanup(new Date(time.now() - 10_000))).toBe(1);
    expect(await store.cleanup(cutoff)).toBe(1);
    expect(store.size).toBe(1);
    expect(await store.isProcessed("d", "new")).toBe(true);
  });

  it("drops the oldest records beyond maxEntries", async () => {
    const store = new IdempotencyStoreInmemory({ maxEntries: 2 });
    for (const id of ["m1", "m2", "m3"]) await store.checkAndRecord("d", id);
    expect(store.size).toBe(2);
    expect(store.evictedCount).toBe(1);
    expect(await store.isProcessed("d", "m1")).toBe(false);
    expect(await store.isProcessed("d", "m3")).toBe(true);
  });

  it("rejects empty keys and non-positive ttls with INVALID_INPUT", async () => {
    const store = new IdempotencyStoreInmemory();
    for (const call of [() => store.checkAndRecord("", "m"), () => store.checkAndRecord("d", "x".repeat(513)), () => store.checkAndRecord("d", "m", 0)]) {
      const error: unknown = await Promise.resolve().then(call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelOnexError);
      expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    }
  });
});

describe("migration 001 (idempotency table)", () => {
  it("embeds exactly the SQL of 001-idempotency.sql", () => {
    const file = readFileSync(new URL("../src/migrations/001-idempotency.sql", import.meta.url), "utf8");
    expect(MIGRATION_001_IDEMPOTENCY_SQL).toBe(file);
  });

  it("renders a schema-qualified table with quoted identifiers and derived index names", () => {
    const sql = migration001IdempotencySql("ops.idem_records");
    expect(sql).toContain('create table if not exists "ops"."idem_records"');
    expect(sql).toContain('"idem_records_expires_at_idx" on "ops"."idem_records"');
  });

  it.each(["Robert'); drop table x;--", "a.b.c", "1abc", "has space", "x".repeat(64), ""])("refuses the table name %j", (name) => {
    expect(() => parseSqlTableName(name)).toThrow(ProtocolConfigurationError);
  });
});
