import { describe, expect, it } from "vitest";
import { EnumCoreErrorCode, EnumCoreErrorCodeInfo, ModelOnexError, ModelOnexErrorJson } from "../src/index.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("ModelOnexError", () => {
  it("defaults to INTERNAL_ERROR with a generated UUIDv4 correlation id, a timestamp and empty context", () => {
    const error = new ModelOnexError("boom");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ModelOnexError");
    expect(error.errorCode).toBe("INTERNAL_ERROR");
    expect(error.status).toBe(500);
    expect(error.correlationId).toMatch(UUID_V4);
    expect(new ModelOnexError("again").correlationId).not.toBe(error.correlationId);
    expect(Number.isNaN(Date.parse(error.timestamp))).toBe(false);
    expect(error.context).toEqual({});
    expect(error.cause).toBeUndefined();
    expect(error.isRetryable).toBe(false);
  });

  it("keeps a given correlation id, timestamp, context, status and cause", () => {
    const cause = new Error("inner");
    const error = new ModelOnexError("outer", {
      errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR,
      status: 502,
      correlationId: "corr-1",
      timestamp: "2025-01-01T00:00:00.000Z",
      context: { operation: "db.query" },
      cause,
    });
    expect(error).toMatchObject({ errorCode: "DATABASE_QUERY_ERROR", status: 502, correlationId: "corr-1", timestamp: "2025-01-01T00:00:00.000Z", context: { operation: "db.query" } });
    expect(error.cause).toBe(cause);
  });

  it("takes the name of a subclass", () => {
    class InfraTestError extends ModelOnexError {}
    expect(new InfraTestError("x").name).toBe("InfraTestError");
  });

  it.each(Object.values(EnumCoreErrorCode))("derives status and exit code of %s from the code table", (code) => {
    const error = new ModelOnexError("x", { errorCode: code });
    expect(error.status).toBe(EnumCoreErrorCodeInfo[code].httpStatus);
    expect(error.exitCode).toBe(EnumCoreErrorCodeInfo[code].exitCode);
  });

  it("maps representative codes to the sysexits and HTTP values", () => {
    const pairs = (code: EnumCoreErrorCode): [number, number] => {
      const error = new ModelOnexError("x", { errorCode: code });
      return [error.exitCode, error.status];
    };
    expect(pairs("VALIDATION_ERROR")).toEqual([65, 400]);
    expect(pairs("INVALID_CONFIGURATION")).toEqual([78, 400]);
    expect(pairs("SERVICE_UNAVAILABLE")).toEqual([69, 503]);
    expect(pairs("TIMEOUT_ERROR")).toEqual([75, 504]);
    expect(pairs("AUTHORIZATION_ERROR")).toEqual([77, 403]);
    expect(pairs("NOT_IMPLEMENTED")).toEqual([70, 501]);
  });

  it("has an info entry for every code", () => {
    expect(Object.keys(EnumCoreErrorCodeInfo).sort()).toEqual(Object.values(EnumCoreErrorCode).sort());
  });
});

describe("ModelOnexError JSON", () => {
  it("round-trips through JSON text with a nested ONEX cause chain", () => {
    const root = new ModelOnexError("connection refused", { errorCode: "DATABASE_CONNECTION_ERROR", correlationId: "c1", context: { host: "db" } });
    const middle = new ModelOnexError("query failed", { errorCode: "DATABASE_QUERY_ERROR", correlationId: "c1", cause: root });
    const top = new ModelOnexError("registration failed", { errorCode: "WORKFLOW_STEP_FAILED", correlationId: "c1", context: { step: "persist" }, cause: middle });

    const json = JSON.parse(JSON.stringify(top)) as unknown;
    expect(ModelOnexErrorJson.parse(json)).toEqual(top.toJSON());
    const back = ModelOnexError.fromJSON(json);
    expect(back).toBeInstanceOf(ModelOnexError);
    expect(back.toJSON()).toEqual(top.toJSON());
    expect(back.cause).toBeInstanceOf(ModelOnexError);
    const backMiddle = back.cause as ModelOnexError;
    expect(backMiddle.errorCode).toBe("DATABASE_QUERY_ERROR");
    expect((backMiddle.cause as ModelOnexError).context).toEqual({ host: "db" });
  });

  it("converts a plain Error cause (and its own causes) to INTERNAL_ERROR entries without looping", () => {
    const error = new ModelOnexError("outer", { correlationId: "c2", cause: new Error("middle", { cause: new TypeError("deepest") }) });
    const json = error.toJSON();
    expect(json.cause).toMatchObject({ message: "middle", errorCode: "INTERNAL_ERROR", correlationId: "c2", context: { originalName: "Error" } });
    expect(json.cause?.cause).toMatchObject({ message: "deepest", errorCode: "INTERNAL_ERROR", context: { originalName: "TypeError" } });
    expect(json.cause?.cause?.cause).toBeUndefined();
    expect(ModelOnexError.fromJSON(json).toJSON()).toEqual(json);
  });

  it("cuts a cyclic cause chain instead of recursing forever", () => {
    const a = new ModelOnexError("a");
    const b = new ModelOnexError("b", { cause: a });
    Object.defineProperty(a, "cause", { value: b });
    let depth = 0;
    for (let node: ModelOnexErrorJson | undefined = a.toJSON(); node !== undefined; node = node.cause) depth += 1;
    expect(depth).toBeGreaterThan(2);
    expect(depth).toBeLessThanOrEqual(33);
  });

  it("describes a non-error cause", () => {
    expect(new ModelOnexError("x", { cause: "disk full" }).toJSON().cause).toMatchObject({ message: "disk full", errorCode: "INTERNAL_ERROR" });
  });

  it("keeps a subclass name through JSON", () => {
    class InfraTestError extends ModelOnexError {}
    const back = ModelOnexError.fromJSON(new InfraTestError("x", { errorCode: "NETWORK_ERROR" }).toJSON());
    expect(back.name).toBe("InfraTestError");
    expect(back.errorCode).toBe("NETWORK_ERROR");
  });

  it("rejects invalid JSON forms with a VALIDATION_ERROR naming the bad fields", () => {
    let caught: unknown;
    try {
      ModelOnexError.fromJSON({ name: "X", message: "m", errorCode: "NOT_A_CODE", status: "500" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelOnexError);
    const error = caught as ModelOnexError;
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    for (const field of ["errorCode", "status", "correlationId", "timestamp", "context"]) expect(error.message).toContain(`"${field}"`);
  });
});

describe("ModelOnexError.fromUnknown", () => {
  it("returns an ONEX error unchanged", () => {
    const original = new ModelOnexError("x", { errorCode: "TIMEOUT_ERROR" });
    expect(ModelOnexError.fromUnknown(original, "other")).toBe(original);
  });

  it("wraps an Error keeping its message, name and the error as cause", () => {
    const thrown = new RangeError("out of range");
    const error = ModelOnexError.fromUnknown(thrown, "corr-9", "INVALID_INPUT");
    expect(error).toMatchObject({ message: "out of range", errorCode: "INVALID_INPUT", correlationId: "corr-9", context: { originalName: "RangeError" } });
    expect(error.cause).toBe(thrown);
    expect(error.toJSON().cause).toMatchObject({ message: "out of range" });
  });

  it("uses a thrown string as the message", () => {
    const error = ModelOnexError.fromUnknown("plain failure");
    expect(error.message).toBe("plain failure");
    expect(error.errorCode).toBe("INTERNAL_ERROR");
    expect(error.correlationId).toMatch(UUID_V4);
  });

  it("keeps the message of an error-like object and describes other values by type", () => {
    expect(ModelOnexError.fromUnknown({ message: "from a library", code: 7 }).message).toBe("from a library");
    expect(ModelOnexError.fromUnknown({ code: 7 }).message).toBe("non-error value thrown (object)");
    expect(ModelOnexError.fromUnknown(42).message).toBe("non-error value thrown (number)");
    expect(ModelOnexError.fromUnknown(null).message).toBe("non-error value thrown (null)");
    expect(ModelOnexError.fromUnknown(undefined).message).toBe("non-error value thrown (undefined)");
  });
});
