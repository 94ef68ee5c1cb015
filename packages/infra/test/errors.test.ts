import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import {
  EnumCircuitState,
  EnumInfraTransportType,
  EnvelopeValidationError,
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  ModelInfraErrorContext,
  ProtocolConfigurationError,
  RuntimeHostError,
  SecretResolutionError,
  UnknownHandlerTypeError,
  runWithCorrelation,
  type InfraErrorOptions,
} from "../src/index.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type ErrorClass = new (message: string, options?: InfraErrorOptions) => RuntimeHostError;

describe("InfraConnectionError picks its code from the transport (rulebook transport-aware table)", () => {
  const rows: [EnumInfraTransportType | undefined, EnumCoreErrorCode][] = [
    [EnumInfraTransportType.DATABASE, EnumCoreErrorCode.DATABASE_CONNECTION_ERROR],
    [EnumInfraTransportType.HTTP, EnumCoreErrorCode.NETWORK_ERROR],
    [EnumInfraTransportType.GRPC, EnumCoreErrorCode.NETWORK_ERROR],
    [EnumInfraTransportType.KAFKA, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [EnumInfraTransportType.CONSUL, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [EnumInfraTransportType.VAULT, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [EnumInfraTransportType.VALKEY, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [EnumInfraTransportType.RUNTIME, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [EnumInfraTransportType.INMEMORY, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
    [undefined, EnumCoreErrorCode.SERVICE_UNAVAILABLE],
  ];

  it.each(rows)("transport %s -> %s, HTTP 503", (transportType, code) => {
    const error = new InfraConnectionError("connect failed", { context: { transportType } });
    expect(error.errorCode).toBe(code);
    expect(error.status).toBe(503);
    expect(error.transportType).toBe(transportType);
  });

  it("falls back to SERVICE_UNAVAILABLE without any context", () => {
    expect(new InfraConnectionError("connect failed").errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
  });

  it("ignores a caller-supplied errorCode so the table always holds", () => {
    const error = new InfraConnectionError("x", { context: { transportType: "db" }, errorCode: EnumCoreErrorCode.INTERNAL_ERROR });
    expect(error.errorCode).toBe(EnumCoreErrorCode.DATABASE_CONNECTION_ERROR);
  });
});

describe("error classes map to the rulebook's code and HTTP equivalents", () => {
  const rows: [string, ErrorClass, EnumCoreErrorCode, number, boolean][] = [
    ["ProtocolConfigurationError", ProtocolConfigurationError, EnumCoreErrorCode.INVALID_CONFIGURATION, 400, false],
    ["SecretResolutionError", SecretResolutionError, EnumCoreErrorCode.RESOURCE_NOT_FOUND, 404, false],
    ["InfraConnectionError", InfraConnectionError, EnumCoreErrorCode.SERVICE_UNAVAILABLE, 503, true],
    ["InfraTimeoutError", InfraTimeoutError, EnumCoreErrorCode.TIMEOUT_ERROR, 504, true],
    ["InfraAuthenticationError", InfraAuthenticationError, EnumCoreErrorCode.AUTHENTICATION_ERROR, 401, false],
    ["InfraUnavailableError", InfraUnavailableError, EnumCoreErrorCode.SERVICE_UNAVAILABLE, 503, true],
    ["EnvelopeValidationError", EnvelopeValidationError, EnumCoreErrorCode.VALIDATION_ERROR, 400, false],
    ["UnknownHandlerTypeError", UnknownHandlerTypeError, EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE, 400, false],
  ];

  it.each(rows)("%s -> code, status, retryable", (name, ErrorType, code, status, retryable) => {
    const error = new ErrorType("failure");
    expect(error).toBeInstanceOf(RuntimeHostError);
    expect(error).toBeInstanceOf(ModelOnexError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.errorCode).toBe(code);
    expect(error.status).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.toJSON().retryable).toBe(retryable);
  });

  it("a plain RuntimeHostError is retryable exactly for transient codes", () => {
    expect(new RuntimeHostError("x").isRetryable).toBe(false);
    expect(new RuntimeHostError("x", { errorCode: EnumCoreErrorCode.TIMEOUT_ERROR }).isRetryable).toBe(true);
    expect(new RuntimeHostError("x", { errorCode: EnumCoreErrorCode.CANCELLED }).isRetryable).toBe(false);
  });
});

describe("correlation ids of errors", () => {
  it("takes the context's correlation id", () => {
    const id = "5f2b7c1e-8d3a-4e6f-9a0b-1c2d3e4f5a6b";
    const error = new InfraTimeoutError("slow", { context: { correlationId: id } });
    expect(error.correlationId).toBe(id);
    expect(error.context.correlationId).toBe(id);
    expect(error.infraContext.correlationId).toBe(id);
  });

  it("takes the current correlation scope when the context has none", () => {
    const id = "4a1d2c3b-0e9f-4d8c-a7b6-5e4f3a2b1c0d";
    const error = runWithCorrelation(id, () => new InfraConnectionError("down", { context: { transportType: "kafka" } }));
    expect(error.correlationId).toBe(id);
  });

  it("prefers the context over the scope", () => {
    const error = runWithCorrelation("scope-id", () => new InfraConnectionError("down", { context: { correlationId: "context-id" } }));
    expect(error.correlationId).toBe("context-id");
  });

  it("generates a UUIDv4 when none is available and replaces an unsafe one", () => {
    expect(new InfraConnectionError("down").correlationId).toMatch(UUID_V4);
    expect(new InfraConnectionError("down", { context: { correlationId: "bad id\nwith newline" } }).correlationId).toMatch(UUID_V4);
  });
});

describe("JSON form", () => {
  it("carries code, status, correlation id, transport, operation, target and the safe extra fields", () => {
    const context: ModelInfraErrorContext = ModelInfraErrorContext.parse({
      transportType: "db",
      operation: "execute_query",
      targetName: "postgresql-primary",
      correlationId: "0b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e",
      namespace: "onex",
    });
    const error = new InfraConnectionError("Failed to connect to database", {
      context,
      host: "db.example.com",
      port: 5432,
      retryCount: 3,
      database: "orders",
    });
    const json = error.toJSON();
    expect(json).toMatchObject({
      name: "InfraConnectionError",
      message: "Failed to connect to database",
      errorCode: "DATABASE_CONNECTION_ERROR",
      status: 503,
      correlationId: context.correlationId,
      transportType: "db",
      operation: "execute_query",
      targetName: "postgresql-primary",
      namespace: "onex",
      retryable: true,
      context: {
        transportType: "db",
        operation: "execute_query",
        targetName: "postgresql-primary",
        correlationId: context.correlationId,
        host: "db.example.com",
        port: 5432,
        retryCount: 3,
        database: "orders",
      },
    });
    expect(error.retryCount).toBe(3);
    expect(JSON.parse(JSON.stringify(error))).toEqual(json);
  });

  it("round-trips through the core JSON schema, cause chain included", () => {
    const error = new InfraTimeoutError("slow", { context: { transportType: "http" }, timeoutSeconds: 2, cause: new Error("socket hang up") });
    const back = ModelOnexError.fromJSON(error.toJSON());
    expect(back.errorCode).toBe(EnumCoreErrorCode.TIMEOUT_ERROR);
    expect(back.correlationId).toBe(error.correlationId);
    expect(back.name).toBe("InfraTimeoutError");
    expect(error.timeoutSeconds).toBe(2);
    expect(error.toJSON().cause).toMatchObject({ name: "Error", message: "socket hang up", errorCode: "INTERNAL_ERROR", correlationId: error.correlationId });
  });

  it("keeps the original cause on the error object", () => {
    const cause = new Error("boom");
    expect(new InfraConnectionError("x", { cause }).cause).toBe(cause);
  });

  it("survives a cyclic cause chain", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    const json = new InfraConnectionError("x", { cause: a }).toJSON();
    expect(json.cause?.message).toBe("a");
    expect(json.cause?.cause?.message).toBe("b");
    expect(json.cause?.cause?.cause).toBeUndefined();
  });

  it("InfraUnavailableError exposes retryAfterSeconds and circuitState", () => {
    const error = new InfraUnavailableError("open", { retryAfterSeconds: 12, circuitState: EnumCircuitState.OPEN, context: { targetName: "consul" } });
    expect(error.retryAfterSeconds).toBe(12);
    expect(error.circuitState).toBe("open");
    expect(error.toJSON().context).toMatchObject({ retryAfterSeconds: 12, circuitState: "open", targetName: "consul" });
  });

  it("annotate adds sanitised fields after construction", () => {
    const error = new InfraConnectionError("x").annotate({ retryCount: 2, password: "hunter2" });
    expect(error.context).toMatchObject({ retryCount: 2, password: "***" });
  });
});
