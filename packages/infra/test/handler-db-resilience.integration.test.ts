// HandlerDb against a real PostgreSQL under failure: backends killed mid-load, statement timeouts, an unreachable
// server opening the circuit, and a planted password that must never surface.
import { inspect } from "node:util";
import { EnumCoreErrorCode, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandlerDb, InfraConnectionError, InfraTimeoutError, InfraUnavailableError, ProtocolConfigurationError, type InfraLogger } from "../src/index.js";
import { testServices } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

function envelope(operation: string, payload: Record<string, unknown>): ModelEventEnvelope {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "handler-db-resilience-test", operation, payload });
}

const suffix = `${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: testServices.postgresUrl });

beforeAll(async () => {
  await admin.connect();
});

afterAll(async () => {
  await admin.end();
});

describe("HandlerDb on PostgreSQL under failure", () => {
  it("keeps serving while every pool connection is terminated mid-load; failures are retryable connection errors", async () => {
    const applicationName = `onex_kill_${suffix}`;
    const table = `onex_hdb_kill_${suffix}`;
    const handler = new HandlerDb();
    await handler.initialize({ connectionString: testServices.postgresUrl, poolSize: 10, applicationName });
    try {
      await handler.execute(envelope("db.execute", { sql: `create table ${table} (id int primary key, hits int not null default 0)` }));
      await handler.execute(envelope("db.execute", { sql: `insert into ${table} (id) select g from generate_series(1, 200) g` }));

      const outcomes = Array.from({ length: 200 }, (_, i) => {
        const id = i + 1;
        const call =
          i % 2 === 0
            ? envelope("db.query", { sql: `select id, pg_sleep(0.02)::text as slept from ${table} where id = $1`, params: [id] })
            : envelope("db.execute", { sql: `update ${table} set hits = hits + 1 where id = $1 and pg_sleep(0.02) is not null`, params: [id] });
        return handler.execute(call).then(
          (result) => ({ ok: true as const, attempts: result.metadata?.attempts }),
          (error: unknown) => ({ ok: false as const, error }),
        );
      });

      const activeBackends = async (): Promise<number> =>
        (await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = $1 and state = 'active'", [applicationName])).rows[0]?.n ?? 0;
      await waitFor(async () => (await activeBackends()) >= 5, { timeoutMs: 10_000, intervalMs: 5, description: "the pool's backends to be busy" });
      const killed = await admin.query<{ ok: boolean }>("select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1", [applicationName]);
      expect(killed.rowCount).toBeGreaterThan(0);

      const results = await Promise.all(outcomes);
      const failures = results.flatMap((r) => (r.ok ? [] : [r.error]));
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(InfraConnectionError);
        expect((failure as InfraConnectionError).isRetryable).toBe(true);
        expect((failure as InfraConnectionError).errorCode).toBe(EnumCoreErrorCode.DATABASE_CONNECTION_ERROR);
      }
      // Some reads were cut off mid-statement and succeeded on their one retry over a new connection.
      expect(results.some((r) => r.ok && r.attempts === 2)).toBe(true);
      expect(results.filter((r) => r.ok).length).toBeGreaterThan(100);

      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) => handler.execute(envelope("db.query", { sql: `select id from ${table} where id = $1`, params: [i + 1] }))),
      );
      expect(after.map((r) => (r.payload as { rows: unknown[] }).rows.length)).toEqual(Array.from({ length: 20 }, () => 1));
      expect((await handler.health()).healthy).toBe(true);
    } finally {
      await handler.execute(envelope("db.execute", { sql: `drop table if exists ${table}` })).catch(() => undefined);
      await handler.shutdown();
    }
  }, 60_000);

  it("turns a statement timeout into InfraTimeoutError, does not retry it, and keeps the connection usable", async () => {
    const handler = new HandlerDb();
    await handler.initialize({ connectionString: testServices.postgresUrl, poolSize: 1, statementTimeoutMs: 200 });
    try {
      const error = await handler.execute(envelope("db.query", { sql: "select pg_sleep(2)" })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfraTimeoutError);
      expect((error as InfraTimeoutError).context).toMatchObject({ sqlState: "57014", statementSent: true, retryCount: 0 });
      const next = await handler.execute(envelope("db.query", { sql: "select 1 as one" }));
      expect(next.payload).toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await handler.shutdown();
    }
  });

  it("opens the circuit after repeated connect failures and then refuses fast with a retry-after hint", async () => {
    const handler = new HandlerDb();
    await handler.initialize({
      connectionString: "postgres://postgres@127.0.0.1:1/test",
      breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    try {
      const first = await handler.execute(envelope("db.query", { sql: "select 1" })).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(InfraConnectionError);
      expect((first as InfraConnectionError).context).toMatchObject({ statementSent: false, retryCount: 1 });
      const refused = await handler.execute(envelope("db.execute", { sql: "select 1" })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InfraUnavailableError);
      expect((refused as InfraUnavailableError).circuitState).toBe("open");
      expect((refused as InfraUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
      const health = await handler.health();
      expect(health).toMatchObject({ healthy: false, details: { circuitState: "open" } });
    } finally {
      await handler.shutdown();
    }
  });

  it("never lets a planted password reach an error message, its JSON, its cause, its inspection or a log line", async () => {
    const secret = "S3cretPlanted";
    const lines: string[] = [];
    const logger: InfraLogger = {
      info: (fields, message) => lines.push(JSON.stringify({ fields, message })),
      warn: (fields, message) => lines.push(JSON.stringify({ fields, message })),
      error: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    };
    const handler = new HandlerDb({ logger });
    await handler.initialize({
      connectionString: `postgres://postgres:${secret}@127.0.0.1:1/test`,
      breaker: { failureThreshold: 3 },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const errors: unknown[] = [];
    for (const operation of ["db.query", "db.execute", "db.transaction", "db.query"]) {
      const payload = operation === "db.transaction" ? { statements: [{ sql: "select 1" }] } : { sql: "select 1" };
      errors.push(await handler.execute(envelope(operation, payload)).catch((e: unknown) => e));
    }
    const health = await handler.health();
    await handler.shutdown();
    const badConfig = await new HandlerDb({ logger }).initialize({ connectionString: `postgres://postgres:${secret}@127.0.0.1:1/test`, poolSize: -1 }).catch((e: unknown) => e);
    expect(badConfig).toBeInstanceOf(ProtocolConfigurationError);
    errors.push(badConfig);

    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(lines.length).toBeGreaterThan(0);
    for (const error of errors as Error[]) {
      const forms = [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 }), inspect(error.cause, { depth: 10 }), String(error.cause)];
      for (const form of forms) expect(form).not.toContain(secret);
    }
    for (const line of lines) expect(line).not.toContain(secret);
    expect(JSON.stringify(health)).not.toContain(secret);
  });
});
