import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import {
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  type RuntimeHostError,
  isRetryableError,
  toInfraError,
  type ModelInfraErrorContext,
} from "../src/index.js";

function systemError(code: string, message = `connect ${code} 10.0.0.5:5432`): Error {
  return Object.assign(new Error(message), { code, syscall: "connect" });
}

function named(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const dbContext: ModelInfraErrorContext = { transportType: "db", operation: "connect", targetName: "postgresql-primary" };

describe("toInfraError maps what client libraries throw", () => {
  const rows: [string, unknown, abstract new (...args: never[]) => RuntimeHostError][] = [
    ["ECONNREFUSED", systemError("ECONNREFUSED"), InfraConnectionError],
    ["ECONNRESET", systemError("ECONNRESET"), InfraConnectionError],
    ["ENOTFOUND", systemError("ENOTFOUND"), InfraConnectionError],
    ["EHOSTUNREACH", systemError("EHOSTUNREACH"), InfraConnectionError],
    ["pg 08006 connection failure", systemError("08006", "connection failure"), InfraConnectionError],
    ["pg 57P01 admin shutdown", systemError("57P01", "terminating connection"), InfraConnectionError],
    ["ETIMEDOUT", systemError("ETIMEDOUT"), InfraTimeoutError],
    ["DOMException TimeoutError", named("TimeoutError", "The operation was aborted due to timeout"), InfraTimeoutError],
    ["pg 57014 statement timeout", systemError("57014", "canceling statement due to statement timeout"), InfraTimeoutError],
    ["kafkajs request timeout", named("KafkaJSRequestTimeoutError"), InfraTimeoutError],
    ["kafkajs connection error", named("KafkaJSConnectionError"), InfraConnectionError],
    ["kafkajs SASL failure", named("KafkaJSSASLAuthenticationError"), InfraAuthenticationError],
    ["pg 28P01 bad password", systemError("28P01", "password authentication failed"), InfraAuthenticationError],
    ["HTTP 401", Object.assign(new Error("unauthorized"), { status: 401 }), InfraAuthenticationError],
    ["HTTP 403 in response", Object.assign(new Error("forbidden"), { response: { statusCode: 403 } }), InfraAuthenticationError],
    ["HTTP 503", Object.assign(new Error("unavailable"), { statusCode: 503 }), InfraUnavailableError],
    ["HTTP 504", Object.assign(new Error("gateway timeout"), { status: 504 }), InfraTimeoutError],
    ["pg 53300 too many connections", systemError("53300", "too many clients"), InfraUnavailableError],
    [
      "AggregateError of ECONNREFUSED (Node happy eyeballs)",
      new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNREFUSED")], "connect failed"),
      InfraConnectionError,
    ],
    ["code found in the cause", new Error("wrapped", { cause: systemError("ECONNRESET") }), InfraConnectionError],
  ];

  it.each(rows)("%s", (_label, thrown, ErrorType) => {
    const error = toInfraError(thrown, dbContext);
    expect(error).toBeInstanceOf(ErrorType);
    expect(error.cause).toBe(thrown);
    expect(error.targetName).toBe("postgresql-primary");
  });

  it("keeps the transport-aware code for connection errors", () => {
    expect(toInfraError(systemError("ECONNREFUSED"), dbContext).errorCode).toBe(EnumCoreErrorCode.DATABASE_CONNECTION_ERROR);
    expect(toInfraError(systemError("ECONNREFUSED"), { transportType: "http" }).errorCode).toBe(EnumCoreErrorCode.NETWORK_ERROR);
  });

  it("maps AbortError to a non-retryable CANCELLED error", () => {
    const error = toInfraError(named("AbortError", "This operation was aborted"), dbContext);
    expect(error.errorCode).toBe(EnumCoreErrorCode.CANCELLED);
    expect(error.isRetryable).toBe(false);
  });

  it("returns infra errors unchanged and keeps the code of other ONEX errors", () => {
    const infra = new InfraTimeoutError("slow");
    expect(toInfraError(infra)).toBe(infra);
    const core = new ModelOnexError("bad", { errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR, correlationId: "core-id" });
    const mapped = toInfraError(core, { transportType: "db" });
    expect(mapped.errorCode).toBe(EnumCoreErrorCode.DATABASE_QUERY_ERROR);
    expect(mapped.correlationId).toBe("core-id");
  });

  it("turns unknown errors and non-errors into non-retryable OPERATION_FAILED", () => {
    expect(toInfraError(new Error("weird")).errorCode).toBe(EnumCoreErrorCode.OPERATION_FAILED);
    const fromString = toInfraError("plain string", { operation: "query" });
    expect(fromString.message).toBe("plain string");
    expect(toInfraError(42, { operation: "query" }).message).toBe("query failed");
    expect(toInfraError(new Error("weird")).isRetryable).toBe(false);
  });

  it("sanitises the message taken from the thrown error", () => {
    const error = toInfraError(new Error("connect to postgres://app:s3cr3t@db:5432/x failed"), dbContext);
    expect(error.message).toBe("connect to postgres://***@db:5432/x failed");
  });
});

describe("isRetryableError", () => {
  it("reads the ONEX flag, recognises transient codes and kafkajs retriable, rejects the rest", () => {
    expect(isRetryableError(new InfraConnectionError("x"))).toBe(true);
    expect(isRetryableError(new InfraAuthenticationError("x"))).toBe(false);
    expect(isRetryableError(systemError("ECONNRESET"))).toBe(true);
    expect(isRetryableError(systemError("28P01"))).toBe(false);
    expect(isRetryableError(Object.assign(new Error("kafka"), { retriable: true }))).toBe(true);
    expect(isRetryableError(new Error("unknown"))).toBe(false);
    expect(isRetryableError("string")).toBe(false);
  });
});
