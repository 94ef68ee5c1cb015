// Maps what the `consul` client (papi underneath) throws to the infra error classes. The original error is never
// kept as `cause`: papi's ResponseError carries the whole HTTP exchange, request headers (X-Consul-Token) included.
// Only a safe copy (name, sanitised message, status, system error code) travels as the cause.
//
// Decisions: connection failures -> InfraConnectionError (SERVICE_UNAVAILABLE for consul); 401/403 ->
// InfraAuthenticationError; papi timeouts and 504 -> InfraTimeoutError; 429 and every other 5xx ->
// InfraUnavailableError (Consul's 500s are "No cluster leader"/"rpc error" - transient, retryable, and counted by the
// breaker); 400/413 -> EnvelopeValidationError (Consul rejected what the envelope asked for); 404 -> RESOURCE_NOT_FOUND.
import { EnumCoreErrorCode } from "@onex/core";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { RuntimeHostError, type InfraErrorOptions } from "../errors/error-runtime-host.js";
import { field, safeCause } from "./util-handler-backend-error.js";

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED", "ERR_SOCKET_CLOSED"]);

/** Context of one Consul call. */
export interface ConsulErrorContext {
  readonly operation: string;
  readonly correlationId: string;
  /** `host:port` of the agent. */
  readonly target: string;
  readonly timeoutMs: number;
}

/** Maps a thrown value from a Consul call to the infra error it stands for (infra errors pass through). */
export function mapConsulError(error: unknown, ctx: ConsulErrorContext): RuntimeHostError {
  if (error instanceof RuntimeHostError) return error;
  const cause = safeCause(error);
  const [host, port] = splitTarget(ctx.target);
  const options: InfraErrorOptions = {
    context: { transportType: EnumInfraTransportType.CONSUL, operation: ctx.operation, targetName: "consul", correlationId: ctx.correlationId },
    cause,
    host,
    port,
  };
  const status = cause.statusCode;
  const detail = cause.message.replace(/^consul:\s*/, "");
  if (field(error, "isTimeout") === true || cause.code === "ETIMEDOUT" || status === 504 || status === 408) {
    return new InfraTimeoutError(`Consul ${ctx.operation} timed out after ${ctx.timeoutMs} ms`, { ...options, timeoutSeconds: ctx.timeoutMs / 1000 });
  }
  if (status === 401 || status === 403) {
    return new InfraAuthenticationError(`Consul refused ${ctx.operation}: ACL token missing or not permitted (${detail})`, options);
  }
  if (status === 400 || status === 413 || status === 405) {
    return new EnvelopeValidationError(`Consul rejected ${ctx.operation}: ${detail}`, options);
  }
  if (status === 404) {
    return new RuntimeHostError(`Consul ${ctx.operation}: not found (${detail})`, { ...options, errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND, status: 404 });
  }
  if (status !== undefined && (status === 429 || status >= 500)) {
    return new InfraUnavailableError(`Consul ${ctx.operation} failed with HTTP ${status}: ${detail}`, options);
  }
  if ((cause.code !== undefined && CONNECTION_CODES.has(cause.code)) || field(error, "isAbort") === true) {
    return new InfraConnectionError(`Cannot reach Consul at ${ctx.target} for ${ctx.operation} (${cause.code ?? "aborted"})`, options);
  }
  return new RuntimeHostError(`Consul ${ctx.operation} failed: ${detail}`, { ...options, errorCode: EnumCoreErrorCode.OPERATION_FAILED });
}

function splitTarget(target: string): [string, number | undefined] {
  const at = target.lastIndexOf(":");
  const port = Number(target.slice(at + 1));
  return at === -1 ? [target, undefined] : [target.slice(0, at), Number.isInteger(port) ? port : undefined];
}
