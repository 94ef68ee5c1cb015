// iovalkey clients configured for the handlers (bounded reconnect backoff, small per-request retry budget, command
// timeouts) and the mapping of whatever iovalkey throws to the project's errors. iovalkey's ReplyError carries the
// command and its arguments (values, AUTH passwords): it is never kept as a cause; a copy with safe fields is.
import { EnumCoreErrorCode } from "@onex/core";
import { Valkey, type RedisOptions } from "iovalkey";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { ModelHandlerValkeyConfig } from "../handlers/model-handler-valkey-config.js";
import type { InfraLogger } from "../handlers/util-handler-support.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";

/** `valkey://host:port/db` without credentials, for errors, logs and breaker names. */
export function valkeyTargetName(config: Pick<ModelHandlerValkeyConfig, "url" | "host" | "port" | "db">): string {
  let host = config.host;
  let port = config.port;
  let db = config.db ?? 0;
  if (config.url !== undefined) {
    try {
      const url = new URL(config.url);
      host = url.hostname || host;
      port = url.port === "" ? 6379 : Number(url.port);
      const path = url.pathname.replace(/^\//, "");
      db = config.db ?? (path === "" ? 0 : Number(path));
    } catch {
      host = "(unparsable url)";
    }
  }
  return `valkey://${host}:${port}/${db}`;
}

/** Reconnect delay for attempt `times` (1-based): exponential from `initialDelayMs`, capped, with +-20% jitter. */
export function valkeyReconnectDelay(times: number, config: ModelHandlerValkeyConfig["reconnect"], random: () => number = Math.random): number {
  const cap = Math.min(config.maxDelayMs, config.initialDelayMs * 2 ** Math.min(times - 1, 30));
  return Math.max(1, Math.round(cap * (0.8 + 0.4 * random())));
}

/** Creates an iovalkey client for `config`; `role` names the connection (`-sub` for the subscriber). */
export function createValkeyClient(config: ModelHandlerValkeyConfig, logger: InfraLogger, role: "commands" | "subscriber"): Valkey {
  const options: RedisOptions = {
    connectionName: role === "subscriber" ? `${config.connectionName}-sub` : config.connectionName,
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: config.maxRetriesPerRequest,
    enableOfflineQueue: config.enableOfflineQueue,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: true,
    retryStrategy: (times: number) => valkeyReconnectDelay(times, config.reconnect),
  };
  if (config.url === undefined) {
    options.host = config.host;
    options.port = config.port;
  }
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  if (config.db !== undefined) options.db = config.db;
  if (config.tls) options.tls = {};
  if (config.keyPrefix !== undefined) options.keyPrefix = config.keyPrefix;
  const client = config.url === undefined ? new Valkey(options) : new Valkey(config.url, options);
  const target = valkeyTargetName(config);
  let lastError = "";
  // Without a listener iovalkey prints every connection error to stderr; log each distinct one once per outage.
  client.on("error", (error: unknown) => {
    const message = error instanceof Error ? error.message : "connection error";
    if (message === lastError) return;
    lastError = message;
    logger.warn({ backend: target, role, code: (error as { code?: unknown }).code }, `valkey connection error: ${message}`);
  });
  client.on("ready", () => {
    if (lastError !== "") logger.info({ backend: target, role }, "valkey connection re-established");
    lastError = "";
  });
  return client;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"]);
const CONNECTION_MESSAGES = /Connection is closed|Stream isn't writeable|enableOfflineQueue|Reached the max retries per request|Connection lost|socket (?:hang up|closed)/i;
const AUTH_REPLY = /^(?:NOAUTH|WRONGPASS|NOPERM)\b|^ERR (?:invalid password|AUTH)/;
const UNAVAILABLE_REPLY = /^(?:LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|OOM)\b/;
const INPUT_REPLY = /^WRONGTYPE\b|^ERR (?:value is not an integer|value is not a valid float|increment or decrement would overflow|invalid expire time|syntax error)/;

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function safeCause(thrown: unknown, message: string): Error {
  const copy = new Error(message);
  const name = field(thrown, "name");
  copy.name = typeof name === "string" ? name : "ValkeyError";
  const code = field(thrown, "code");
  if (typeof code === "string") Object.defineProperty(copy, "code", { value: code, enumerable: true });
  delete copy.stack;
  return copy;
}

/**
 * Maps an iovalkey failure: lost/refused connections and exhausted per-request retries -> InfraConnectionError
 * (SERVICE_UNAVAILABLE, retryable); command timeouts -> InfraTimeoutError; NOAUTH/WRONGPASS -> InfraAuthenticationError;
 * LOADING/BUSY/READONLY/OOM... -> InfraUnavailableError; WRONGTYPE and non-integer values -> INVALID_INPUT; any other
 * reply error -> OPERATION_FAILED (not retryable).
 */
export function toValkeyError(thrown: unknown, operation: string, targetName: string): RuntimeHostError {
  if (thrown instanceof RuntimeHostError) return thrown;
  const context: ModelInfraErrorContext = { transportType: EnumInfraTransportType.VALKEY, operation, targetName };
  const message = thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : "valkey failure";
  const name = field(thrown, "name");
  const code = field(thrown, "code");
  const cause = safeCause(thrown, message);
  const where = `${operation} on ${targetName}`;
  if (name === "MaxRetriesPerRequestError" || (typeof code === "string" && NETWORK_CODES.has(code)) || CONNECTION_MESSAGES.test(message)) {
    return new InfraConnectionError(`${where}: connection unavailable (${message})`, { context, cause });
  }
  if (/Command timed out/i.test(message)) return new InfraTimeoutError(`${where} timed out`, { context, cause });
  if (AUTH_REPLY.test(message)) return new InfraAuthenticationError(`${where} was refused: ${message.split(" ")[0] ?? "NOAUTH"}`, { context, cause: safeCause(thrown, "authentication failed") });
  if (UNAVAILABLE_REPLY.test(message)) return new InfraUnavailableError(`${where}: server unavailable (${message})`, { context, cause });
  if (INPUT_REPLY.test(message)) return new RuntimeHostError(`${where} rejected: ${message}`, { context, cause, errorCode: EnumCoreErrorCode.INVALID_INPUT });
  return new RuntimeHostError(`${where} failed: ${message}`, { context, cause, errorCode: EnumCoreErrorCode.OPERATION_FAILED });
}

/** The INVALID_INPUT error for a refused cache argument (same shape as Valkey's own refusal, in both caches). */
export function invalidCacheArgument(transportType: EnumInfraTransportType, operation: string, targetName: string, message: string): RuntimeHostError {
  return new RuntimeHostError(`${operation} on ${targetName} rejected: ${message}`, {
    context: { transportType, operation, targetName },
    errorCode: EnumCoreErrorCode.INVALID_INPUT,
  });
}
