// How iovalkey failures map to the project's errors, on error shapes iovalkey produces (no server needed).
import { EnumCoreErrorCode } from "@onex/core";
import { describe, expect, it } from "vitest";
import {
  HandlerValkey,
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  ProtocolConfigurationError,
  toValkeyError,
  valkeyTargetName,
} from "../src/index.js";

function replyError(message: string, args: unknown[] = []): Error {
  return Object.assign(new Error(message), { name: "ReplyError", command: { name: "auth", args } });
}

describe("toValkeyError", () => {
  it.each([
    [replyError("NOAUTH Authentication required."), InfraAuthenticationError],
    [replyError("WRONGPASS invalid username-password pair or user is disabled.", ["default", "hunter2"]), InfraAuthenticationError],
    [Object.assign(new Error("Reached the max retries per request limit (which is 1)."), { name: "MaxRetriesPerRequestError" }), InfraConnectionError],
    [new Error("Connection is closed."), InfraConnectionError],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }), InfraConnectionError],
    [new Error("Command timed out"), InfraTimeoutError],
    [replyError("LOADING Redis is loading the dataset in memory"), InfraUnavailableError],
    [replyError("READONLY You can't write against a read only replica."), InfraUnavailableError],
  ] as const)("maps %s", (thrown, kind) => {
    const mapped = toValkeyError(thrown, "valkey.get", "valkey://cache:6379/0");
    expect(mapped).toBeInstanceOf(kind);
    expect(mapped.context).toMatchObject({ transportType: "valkey", operation: "valkey.get", targetName: "valkey://cache:6379/0" });
    expect(JSON.stringify(mapped)).not.toContain("hunter2");
  });

  it("treats type errors as invalid input and other replies as non-retryable failures", () => {
    const wrongType = toValkeyError(replyError("WRONGTYPE Operation against a key holding the wrong kind of value"), "valkey.incr", "t");
    expect(wrongType.errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    const other = toValkeyError(replyError("ERR unknown command 'FOO'"), "valkey.get", "t");
    expect(other.errorCode).toBe(EnumCoreErrorCode.OPERATION_FAILED);
    expect(other.isRetryable).toBe(false);
  });

  it("names the target without credentials", () => {
    expect(valkeyTargetName({ url: "redis://user:hunter2@cache.internal:6380/2", host: "127.0.0.1", port: 6379, db: undefined })).toBe("valkey://cache.internal:6380/2");
  });

  it("refuses a bad config naming the fields but not their values", async () => {
    const error = await new HandlerValkey().initialize({ url: "http://user:hunter2@cache", commandTimeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolConfigurationError);
    expect((error as Error).message).toContain("url");
    expect((error as Error).message).toContain("commandTimeoutMs");
    expect(JSON.stringify(error)).not.toContain("hunter2");
  });
});
