import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import { InfraAuthenticationError } from "./error-infra-authentication.js";
import { InfraConnectionError } from "./error-infra-connection.js";
import { InfraTimeoutError } from "./error-infra-timeout.js";
import { InfraUnavailableError } from "./error-infra-unavailable.js";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

type FailureKind = "timeout" | "cancelled" | "connection" | "authentication" | "unavailable";

// Node/undici system error codes and PostgreSQL SQLSTATEs (pg puts them in `code`).
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
  "ERR_SOCKET_CLOSED",
  "UND_ERR_SOCKET",
  "57P01",
  "57P02",
  "57P03",
]);
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "57014",
]);
const AUTH_CODES = new Set(["28000", "28P01"]);
const UNAVAILABLE_CODES = new Set(["53000", "53300"]);
const NAME_KINDS: Readonly<Record<string, FailureKind>> = {
  TimeoutError: "timeout",
  AbortError: "cancelled",
  KafkaJSRequestTimeoutError: "timeout",
  KafkaJSTimeout: "timeout",
  KafkaJSConnectionError: "connection",
  KafkaJSConnectionClosedError: "connection",
  KafkaJSBrokerNotFound: "connection",
  KafkaJSSASLAuthenticationError: "authentication",
};

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function statusOf(value: unknown): number | undefined {
  for (const candidate of [field(value, "status"), field(value, "statusCode"), field(field(value, "response"), "status"), field(field(value, "response"), "statusCode")]) {
    if (typeof candidate === "number") return candidate;
  }
  return undefined;
}

function classifyOne(value: unknown): FailureKind | undefined {
  const code = field(value, "code");
  if (typeof code === "string") {
    if (TIMEOUT_CODES.has(code)) return "timeout";
    if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return "connection";
    if (AUTH_CODES.has(code)) return "authentication";
    if (UNAVAILABLE_CODES.has(code)) return "unavailable";
  }
  const name = field(value, "name");
  if (typeof name === "string" && Object.hasOwn(NAME_KINDS, name)) return NAME_KINDS[name];
  const status = statusOf(value);
  if (status === 401 || status === 403) return "authentication";
  if (status === 408 || status === 504) return "timeout";
  if (status === 429 || status === 502 || status === 503) return "unavailable";
  return undefined;
}

/** Classifies a thrown value, looking through `cause`, `originalError` (kafkajs) and AggregateError members. */
function classify(value: unknown, depth = 0): FailureKind | undefined {
  if (depth > 3 || typeof value !== "object" || value === null) return undefined;
  const own = classifyOne(value);
  if (own !== undefined) return own;
  const errors = field(value, "errors");
  const nested = [field(value, "cause"), field(value, "originalError"), ...(Array.isArray(errors) ? (errors as unknown[]).slice(0, 3) : [])];
  for (const inner of nested) {
    const kind = classify(inner, depth + 1);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/**
 * Whether retrying may help: an error's own `isRetryable` answer when it has one (all ONEX errors), else
 * transient network, timeout and unavailability failures recognised from Node/pg/kafkajs codes and HTTP statuses,
 * else kafkajs's `retriable` flag. Anything unrecognised is not retryable.
 */
export function isRetryableError(error: unknown): boolean {
  const flag = field(error, "isRetryable");
  if (typeof flag === "boolean") return flag;
  const kind = classify(error);
  if (kind !== undefined) return kind === "timeout" || kind === "connection" || kind === "unavailable";
  return field(error, "retriable") === true;
}

/**
 * Maps anything thrown by a client library to the infra error class it stands for, keeping it as `cause`:
 * ECONNREFUSED/ECONNRESET/ENOTFOUND/... and pg connection SQLSTATEs -> InfraConnectionError (transport-aware code);
 * ETIMEDOUT, TimeoutError, pg statement timeout, HTTP 408/504 -> InfraTimeoutError; HTTP 401/403 and pg auth
 * failures -> InfraAuthenticationError; HTTP 429/502/503, pg too-many-connections -> InfraUnavailableError;
 * AbortError -> a non-retryable CANCELLED RuntimeHostError. Infra errors are returned unchanged; other ONEX errors
 * keep their code; anything else becomes OPERATION_FAILED. Messages are sanitised by the error constructors.
 */
export function toInfraError(thrown: unknown, context?: ModelInfraErrorContext, fields: InfraErrorOptions = {}): RuntimeHostError {
  if (thrown instanceof RuntimeHostError) return thrown;
  const options: InfraErrorOptions = { ...fields, context, cause: thrown };
  const original = thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : "";
  const operation = context?.operation ?? "operation";
  const message = original.length > 0 ? original : `${operation} failed`;
  if (thrown instanceof ModelOnexError) {
    return new RuntimeHostError(message, { ...options, correlationId: context?.correlationId ?? thrown.correlationId, errorCode: thrown.errorCode, status: thrown.status });
  }
  switch (classify(thrown)) {
    case "timeout":
      return new InfraTimeoutError(message, options);
    case "connection":
      return new InfraConnectionError(message, options);
    case "authentication":
      return new InfraAuthenticationError(message, options);
    case "unavailable":
      return new InfraUnavailableError(message, options);
    case "cancelled":
      return new RuntimeHostError(`${operation} cancelled: ${message}`, { ...options, errorCode: EnumCoreErrorCode.CANCELLED });
    case undefined:
      return new RuntimeHostError(message, { ...options, errorCode: EnumCoreErrorCode.OPERATION_FAILED });
  }
}
