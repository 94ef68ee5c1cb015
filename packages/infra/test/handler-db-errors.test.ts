// The SQLSTATE mapping table of the db handler, on driver-shaped errors (no database needed).
import { EnumCoreErrorCode } from "@onex/core";
import { describe, expect, it } from "vitest";
import {
  DatabaseQueryError,
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  type RuntimeHostError,
  failedBeforeStatement,
  isTransactionConflict,
  toDatabaseError,
} from "../src/index.js";

function pgError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name: "error", severity: "ERROR", code, ...extra });
}

const site = { operation: "db.query", targetName: "postgresql://db:5432/app", correlationId: "corr-1", statementSent: true };

describe("toDatabaseError", () => {
  const table: readonly (readonly [string, string, new (...args: never[]) => RuntimeHostError, EnumCoreErrorCode, boolean])[] = [
    ["08006", "connection failure", InfraConnectionError, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR, true],
    ["08001", "could not establish", InfraConnectionError, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR, true],
    ["57P01", "terminating connection due to administrator command", InfraConnectionError, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR, true],
    ["57P02", "crash shutdown", InfraConnectionError, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR, true],
    ["57P03", "the database system is starting up", InfraConnectionError, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR, true],
    ["57014", "canceling statement due to statement timeout", InfraTimeoutError, EnumCoreErrorCode.TIMEOUT_ERROR, true],
    ["28P01", 'password authentication failed for user "app"', InfraAuthenticationError, EnumCoreErrorCode.AUTHENTICATION_ERROR, false],
    ["28000", "no pg_hba.conf entry", InfraAuthenticationError, EnumCoreErrorCode.AUTHENTICATION_ERROR, false],
    ["53300", "too many connections", InfraUnavailableError, EnumCoreErrorCode.SERVICE_UNAVAILABLE, true],
    ["23505", 'duplicate key value violates unique constraint "users_pkey"', DatabaseQueryError, EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION, false],
    ["23503", "violates foreign key constraint", DatabaseQueryError, EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION, false],
    ["42601", 'syntax error at or near "selec"', DatabaseQueryError, EnumCoreErrorCode.DATABASE_QUERY_ERROR, false],
    ["42P01", 'relation "nope" does not exist', DatabaseQueryError, EnumCoreErrorCode.DATABASE_QUERY_ERROR, false],
    ["40001", "could not serialize access", DatabaseQueryError, EnumCoreErrorCode.DATABASE_QUERY_ERROR, true],
    ["40P01", "deadlock detected", DatabaseQueryError, EnumCoreErrorCode.DATABASE_QUERY_ERROR, true],
    ["22P02", 'invalid input syntax for type integer: "hunter2"', DatabaseQueryError, EnumCoreErrorCode.DATABASE_QUERY_ERROR, false],
  ];

  it.each(table)("maps SQLSTATE %s (%s) to its class, code and retryability", (code, message, kind, errorCode, retryable) => {
    const mapped = toDatabaseError(pgError(code, message), site);
    expect(mapped).toBeInstanceOf(kind);
    expect(mapped.errorCode).toBe(errorCode);
    expect(mapped.isRetryable).toBe(retryable);
    expect(mapped.context).toMatchObject({ sqlState: code, statementSent: true, transportType: "db", operation: "db.query" });
    expect(mapped.correlationId).toBe("corr-1");
  });

  it("names the violated constraint and table but never the values from the server's detail", () => {
    const mapped = toDatabaseError(
      pgError("23505", 'duplicate key value violates unique constraint "users_email_key"', {
        constraint: "users_email_key",
        table: "users",
        detail: "Key (email)=(alice@example.org) already exists.",
        params: ["alice@example.org"],
      }),
      site,
    );
    expect(mapped.message).toContain('"users_email_key"');
    expect(mapped.message).toContain('"users"');
    const json = JSON.stringify(mapped);
    expect(json).not.toContain("alice");
    expect(json).not.toContain("already exists");
    expect((mapped as DatabaseQueryError).constraint).toBe("users_email_key");
  });

  it("drops the rejected value quoted by data exceptions (class 22)", () => {
    const mapped = toDatabaseError(pgError("22P02", 'invalid input syntax for type integer: "hunter2"'), site);
    expect(mapped.message).toContain("invalid_text_representation");
    expect(JSON.stringify(mapped)).not.toContain("hunter2");
  });

  it("recognises network failures, lost connections and connect timeouts reported without a SQLSTATE", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111, address: "127.0.0.1", port: 5432 });
    expect(toDatabaseError(refused, { ...site, statementSent: false })).toBeInstanceOf(InfraConnectionError);
    expect(toDatabaseError(new AggregateError([refused], "all failed"), site)).toBeInstanceOf(InfraConnectionError);
    expect(toDatabaseError(new Error("Connection terminated unexpectedly"), site)).toBeInstanceOf(InfraConnectionError);
    expect(toDatabaseError(new Error("timeout exceeded when trying to connect"), site)).toBeInstanceOf(InfraTimeoutError);
    const other = toDatabaseError(new Error("something odd"), site);
    expect(other.errorCode).toBe(EnumCoreErrorCode.DATABASE_QUERY_ERROR);
    expect(other.isRetryable).toBe(false);
  });

  it("records whether the caller's SQL may have reached the server", () => {
    const before = toDatabaseError(pgError("08006", "x"), { ...site, statementSent: false });
    const after = toDatabaseError(pgError("08006", "x"), site);
    expect(failedBeforeStatement(before)).toBe(true);
    expect(failedBeforeStatement(after)).toBe(false);
    expect(isTransactionConflict(toDatabaseError(pgError("40P01", "deadlock"), site))).toBe(true);
    expect(isTransactionConflict(after)).toBe(false);
  });
});
