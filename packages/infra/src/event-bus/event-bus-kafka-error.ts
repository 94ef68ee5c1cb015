// kafkajs failures as ONEX infra errors. The generic mapping (toInfraError) already knows kafkajs connection,
// timeout and SASL errors; this adds Kafka protocol errors: retriable ones (leader moved, not enough replicas...)
// become InfraUnavailableError, well-known permanent ones get a precise code.
import { EnumCoreErrorCode } from "@onex/core";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { RuntimeHostError, type InfraErrorOptions } from "../errors/error-runtime-host.js";
import { toInfraError } from "../errors/util-to-infra-error.js";

// Errors after which the idempotent producer's sequence numbers can no longer be trusted: a new producer id is needed.
const PRODUCER_STATE_TYPES: ReadonlySet<string> = new Set([
  "OUT_OF_ORDER_SEQUENCE_NUMBER",
  "UNKNOWN_PRODUCER_ID",
  "INVALID_PRODUCER_EPOCH",
  "INVALID_PRODUCER_ID_MAPPING",
  "PRODUCER_FENCED",
]);
const TOO_LARGE_TYPES: ReadonlySet<string> = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE"]);
const AUTHORIZATION_TYPES: ReadonlySet<string> = new Set([
  "TOPIC_AUTHORIZATION_FAILED",
  "GROUP_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
  "SASL_AUTHENTICATION_FAILED",
]);

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The chain of a kafkajs error: itself, then its `originalError`/`cause` links (bounded). */
function chain(thrown: unknown): unknown[] {
  const out: unknown[] = [];
  let current: unknown = thrown;
  while (typeof current === "object" && current !== null && out.length < 5 && !out.includes(current)) {
    out.push(current);
    current = field(current, "originalError") ?? field(current, "cause");
  }
  return out;
}

/** The Kafka protocol error type (`NOT_LEADER_OR_FOLLOWER`...) found anywhere in a kafkajs error chain. */
export function kafkaErrorType(thrown: unknown): string | undefined {
  for (const link of chain(thrown)) {
    const type = field(link, "type");
    if (typeof type === "string") return type;
  }
  return undefined;
}

function kafkaRetriable(thrown: unknown): boolean {
  return chain(thrown).some((link) => field(link, "retriable") === true);
}

/**
 * Maps anything thrown by kafkajs to an infra error with transport `kafka`, the given operation/target, the
 * correlation id and the Kafka error type; the message is sanitised by the error constructors.
 */
export function toKafkaInfraError(thrown: unknown, context: { operation: string; targetName?: string | undefined; correlationId?: string | undefined }, fields: InfraErrorOptions = {}): RuntimeHostError {
  if (thrown instanceof RuntimeHostError) return thrown;
  const type = kafkaErrorType(thrown);
  const infraContext = { transportType: EnumInfraTransportType.KAFKA, ...context };
  const options: InfraErrorOptions = { ...fields, context: infraContext, cause: thrown, ...(type === undefined ? {} : { kafkaErrorType: type }) };
  const detail = thrown instanceof Error && thrown.message !== "" ? thrown.message : "unknown failure";
  const target = context.targetName === undefined ? "" : ` (${context.targetName})`;
  const message = `Kafka ${context.operation}${target} failed: ${detail}`;
  if (type !== undefined && TOO_LARGE_TYPES.has(type)) {
    return new RuntimeHostError(message, { ...options, errorCode: EnumCoreErrorCode.PAYLOAD_TOO_LARGE, status: 413 });
  }
  if (type !== undefined && AUTHORIZATION_TYPES.has(type)) return new InfraAuthenticationError(message, options);
  const generic = toInfraError(thrown, infraContext, options);
  if (generic instanceof InfraTimeoutError) return new InfraTimeoutError(message, options);
  if (generic instanceof InfraConnectionError) return new InfraConnectionError(message, options);
  if (generic instanceof InfraAuthenticationError) return new InfraAuthenticationError(message, options);
  if (generic instanceof InfraUnavailableError || kafkaRetriable(thrown) || (type !== undefined && PRODUCER_STATE_TYPES.has(type))) {
    return new InfraUnavailableError(message, options);
  }
  return new RuntimeHostError(message, { ...options, errorCode: generic.errorCode, status: generic.status });
}

/**
 * After this failure the idempotent producer must be replaced (new producer id) before anything else is sent:
 * either its sequence state is broken, or a produce request may have been written although it failed (timeout,
 * lost connection); reusing the rolled-back sequence number for different messages would make the broker drop
 * them as duplicates.
 */
export function needsProducerReset(error: unknown): boolean {
  if (error instanceof InfraTimeoutError || error instanceof InfraConnectionError) return true;
  const type = kafkaErrorType(error instanceof RuntimeHostError ? error.cause : error);
  return type !== undefined && PRODUCER_STATE_TYPES.has(type);
}

/** The same error, re-issued for another caller's correlation id (a batched publish fails for every caller). */
export function forCorrelation(error: RuntimeHostError, correlationId: string): RuntimeHostError {
  if (error.correlationId === correlationId) return error;
  const { correlationId: _old, ...rest } = error.context;
  const options: InfraErrorOptions = { ...rest, context: { ...error.infraContext, correlationId }, cause: error.cause };
  if (error instanceof InfraTimeoutError) return new InfraTimeoutError(error.message, options);
  if (error instanceof InfraConnectionError) return new InfraConnectionError(error.message, options);
  if (error instanceof InfraAuthenticationError) return new InfraAuthenticationError(error.message, options);
  if (error instanceof InfraUnavailableError) return new InfraUnavailableError(error.message, options);
  return new RuntimeHostError(error.message, { ...options, errorCode: error.errorCode, status: error.status });
}
