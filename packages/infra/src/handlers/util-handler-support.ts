// Plumbing every handler needs and none should write twice: a pino-compatible logger that only ever receives
// sanitised lines, config parsing into ProtocolConfigurationError, payload parsing into EnvelopeValidationError
// (issues name paths, never values), the lifecycle and unknown-operation errors, the per-backend breaker, and the
// small shapes every handler repeats (error context of an envelope, not-ready health, describe, synchronous initialize).
import { formatValidationMessage, formatZodIssues, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import { ensureCorrelationId, runWithCorrelation } from "../correlation/util-correlation.js";
import type { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { sanitizeFields, sanitizeString } from "../sanitize/util-sanitize.js";
import { createCircuitBreakerFactory, type CircuitBreakerFactory, type CircuitBreakerSettings } from "../wiring/util-circuit-breaker-factory.js";

/** The minimal logger handlers write to (pino-compatible: `logger.warn({ backend }, "message")`). */
export interface InfraLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything: the default. */
export const SILENT_INFRA_LOGGER: InfraLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** Wraps `logger` so every message and field passes the sanitiser first (secrets never reach any sink). */
export function sanitizingLogger(logger: InfraLogger): InfraLogger {
  if (logger === SILENT_INFRA_LOGGER) return logger;
  const clean = (fields: Record<string, unknown>): Record<string, unknown> => sanitizeFields(fields, { maxDepth: 4, includeStack: false });
  return {
    info: (fields, message) => logger.info(clean(fields), sanitizeString(message)),
    warn: (fields, message) => logger.warn(clean(fields), sanitizeString(message)),
    error: (fields, message) => logger.error(clean(fields), sanitizeString(message)),
  };
}

/** What every handler constructor accepts. */
export interface InfraHandlerOptions {
  /** Source of the per-backend breakers (the container's `InfraServiceTokens.circuitBreakerFactory`); a private one when absent. */
  readonly circuitBreakerFactory?: CircuitBreakerFactory | undefined;
  readonly logger?: InfraLogger | undefined;
}

/** Breaker settings as they appear in handler configs. */
export interface InfraBreakerConfig {
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenMaxCalls: number;
}

/** zod schema of {@link InfraBreakerConfig} with defaults (5 failures, 30 s open, 1 half-open trial). */
export const breakerConfigSchema = z
  .object({
    failureThreshold: z.number().int().min(1).default(5),
    resetTimeoutMs: z.number().int().min(0).default(30_000),
    halfOpenMaxCalls: z.number().int().min(1).default(1),
  })
  .prefault({});

/**
 * The breaker of backend `name` from `factory` (shared with every other user of that backend), created with
 * `settings` when it does not exist yet.
 */
export function resolveBreaker(
  factory: CircuitBreakerFactory | undefined,
  name: string,
  transportType: EnumInfraTransportType,
  config: InfraBreakerConfig,
  isFailure?: (error: unknown) => boolean,
): CircuitBreaker {
  const settings: CircuitBreakerSettings = {
    transportType,
    failureThreshold: config.failureThreshold,
    resetTimeoutMs: config.resetTimeoutMs,
    halfOpenMaxCalls: config.halfOpenMaxCalls,
    ...(isFailure === undefined ? {} : { isFailure }),
  };
  return (factory ?? createCircuitBreakerFactory()).get(name, settings);
}

/** Parses a handler's config; failures become a ProtocolConfigurationError naming every bad field (never its value). */
export function parseHandlerConfig<S extends z.ZodType>(schema: S, input: unknown, handlerType: string): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = formatZodIssues(result.error.issues);
  throw new ProtocolConfigurationError(formatValidationMessage(`${handlerType} handler config`, issues), {
    context: { operation: `${handlerType}.initialize`, targetName: handlerType },
    issues,
  });
}

/** Parses an envelope's payload for `operation`; failures become an EnvelopeValidationError naming every bad path. */
export function parseOperationPayload<S extends z.ZodType>(schema: S, envelope: ModelEventEnvelope, context: () => ModelInfraErrorContext): z.infer<S> {
  const result = schema.safeParse(envelope.payload);
  if (result.success) return result.data;
  const issues = formatZodIssues(result.error.issues, "payload");
  throw new EnvelopeValidationError(formatValidationMessage(`payload of ${envelope.operation ?? "(no operation)"}`, issues), {
    context: context(),
    issues,
  });
}

/** The error for an envelope whose operation the handler does not serve. */
export function unknownOperationError(handlerType: string, operations: readonly string[], context: ModelInfraErrorContext): EnvelopeValidationError {
  const operation = context.operation ?? "(none)";
  return new EnvelopeValidationError(`handler "${handlerType}" does not support operation "${operation}"; supported: ${operations.join(", ")}`, {
    context,
    supportedOperations: [...operations],
  });
}

/** Lifecycle of a handler: `execute` works only while `ready`. */
export type InfraHandlerLifecycle = "created" | "ready" | "shut_down";

/** The (retryable) error for an `execute` before `initialize` or after `shutdown`: another instance may serve it. */
export function handlerNotReadyError(handlerType: string, lifecycle: InfraHandlerLifecycle, context: ModelInfraErrorContext): InfraUnavailableError {
  const why = lifecycle === "shut_down" ? "has been shut down" : "is not initialized";
  return new InfraUnavailableError(`handler "${handlerType}" ${why}`, { context });
}

/** Why a handler that is not `ready` cannot serve: the `reason` of its health and of its not-ready error. */
function notReadyReason(lifecycle: InfraHandlerLifecycle): string {
  return lifecycle === "shut_down" ? "shut down" : "not initialized";
}

/** The health of a handler before `initialize` or after `shutdown`; `identity` names it (`{ handlerType }` or `{ backend }`). */
export function notReadyHealth(lifecycle: InfraHandlerLifecycle, identity: Readonly<Record<string, string>>): ProtocolHealthCheckResult {
  return { healthy: false, details: { ...identity, reason: notReadyReason(lifecycle) } };
}

/** The error context of an envelope's call on `targetName`. */
export function handlerErrorContext(transportType: EnumInfraTransportType, envelope: ModelEventEnvelope, targetName: string): ModelInfraErrorContext {
  return { transportType, operation: envelope.operation ?? undefined, targetName, correlationId: envelope.correlation_id };
}

/** A handler's self-description (every handler is at version 1.0.0). */
export function describeHandler(handlerType: string, operations: readonly string[], description: string): ProtocolHandlerDescription {
  return { handlerType, operations, version: "1.0.0", description };
}

/** Runs a synchronous `initialize` body; what it throws becomes the rejection (an Error, always). */
export function initializeSync(configure: () => void): Promise<void> {
  try {
    configure();
    return Promise.resolve();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The error for a second `initialize` of a handler that allows only one. */
export function initializedTwiceError(handlerType: string): ProtocolConfigurationError {
  return new ProtocolConfigurationError(`handler "${handlerType}" cannot be initialized twice`, { context: { operation: `${handlerType}.initialize`, targetName: handlerType } });
}

/** The error for an `initialize` after `shutdown` of a handler that may otherwise be reconfigured. */
export function initializedAfterShutdownError(handlerType: string, transportType: EnumInfraTransportType): ProtocolConfigurationError {
  return new ProtocolConfigurationError(`${handlerType} handler was shut down; create a new one`, { context: { transportType, operation: "initialize" } });
}

/**
 * Runs `dispatch` for `envelope` in its correlation scope (a new id when it has none) and reports `backend`, the
 * operation and the duration on `now`'s clock in the result's metadata.
 */
export function executeTimed(
  envelope: ModelEventEnvelope,
  backend: string,
  now: () => number,
  dispatch: (operation: string, correlationId: string) => Promise<unknown>,
): Promise<ProtocolHandlerResult> {
  const correlationId = ensureCorrelationId(envelope.correlation_id);
  return runWithCorrelation(correlationId, async () => {
    const operation = envelope.operation ?? "";
    const started = now();
    const payload = await dispatch(operation, correlationId);
    return { payload, metadata: { backend, operation, durationMs: now() - started } };
  });
}
