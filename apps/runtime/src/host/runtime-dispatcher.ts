// The per-envelope pipeline: normalise the correlation id, require an operation, check idempotency, route by the
// operation prefix, execute inside the correlation scope, publish the response or an error envelope, then record the
// envelope id as processed. It never throws for bad input or a failing handler: every such case becomes an error
// envelope on the output topic.
//
// Idempotency is checked before and recorded after: an envelope whose processing was cut short (crash, drain timeout)
// is not recorded, so its redelivery runs it again (at-least-once) instead of being skipped as a duplicate and lost.
import { EnumCoreErrorCode, ModelOnexError, createEventEnvelope, deriveEnvelope, type ModelEventEnvelope } from "@onex/core";
import { EnvelopeValidationError, UnknownHandlerTypeError, ensureCorrelationId, runWithCorrelation } from "@onex/infra";
import type { ProtocolEventBus, ProtocolHandler, ProtocolHandlerResult, ProtocolIdempotencyStore } from "@onex/spi";
import type { RuntimeLogger } from "../logging/util-logger.js";
import type { EnvelopeOutcome, RuntimeMetrics } from "./runtime-metrics.js";
import { toErrorPayload } from "./util-error-payload.js";

/** Idempotency domain of the runtime's command envelopes. */
export const RUNTIME_IDEMPOTENCY_DOMAIN = "runtime";
/** `event_type` of error envelopes that answer no operation (missing operation, undecodable message). */
export const RUNTIME_ERROR_EVENT_TYPE = "runtime.error";

export interface OperationRouter {
  resolveForOperation(operation: string, correlationId?: string): ProtocolHandler;
}

export interface RuntimeDispatcherOptions {
  readonly bus: ProtocolEventBus;
  readonly handlers: OperationRouter;
  readonly idempotency: ProtocolIdempotencyStore;
  readonly outputTopic: string;
  readonly logger: RuntimeLogger;
  readonly metrics: RuntimeMetrics;
  /** `source` of response envelopes. */
  readonly source?: string | undefined;
  /** Called with every envelope the dispatcher published (feeds the hub's waiters). */
  readonly onPublished?: ((envelope: ModelEventEnvelope) => void) | undefined;
}

/** What happened to one envelope. */
export interface DispatchResult {
  readonly outcome: EnvelopeOutcome;
  /** The envelope published on the output topic; null for a duplicate or when publishing failed. */
  readonly response: ModelEventEnvelope | null;
}

function asPayload(value: unknown): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value ?? null };
}

function asMetadata(metadata: ProtocolHandlerResult["metadata"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  }
  return out;
}

export class RuntimeDispatcher {
  private readonly source: string;

  constructor(private readonly options: RuntimeDispatcherOptions) {
    this.source = options.source ?? "onex-runtime";
  }

  /** Processes one command envelope end to end; resolves with what was published. */
  dispatch(incoming: ModelEventEnvelope): Promise<DispatchResult> {
    const correlationId = ensureCorrelationId(incoming.correlation_id);
    const envelope = correlationId === incoming.correlation_id ? incoming : { ...incoming, correlation_id: correlationId };
    return runWithCorrelation(correlationId, () => this.run(envelope));
  }

  /**
   * Answers a message that never decoded (it went to the dead-letter topic) with a `runtime.error` envelope carrying
   * its correlation id, so a caller waiting for a response is not left hanging.
   */
  async rejectUndecodable(correlationId: string, error: ModelOnexError, causationId: string | null): Promise<DispatchResult> {
    const id = ensureCorrelationId(correlationId);
    return runWithCorrelation(id, async () => {
      const envelope = createEventEnvelope({
        event_type: RUNTIME_ERROR_EVENT_TYPE,
        source: this.source,
        correlation_id: id,
        causation_id: causationId,
        payload: toErrorPayload(error, id),
        max_retries: 0,
      });
      this.options.logger.warn({ errorCode: error.errorCode, reason: error.message }, "rejected an undecodable envelope");
      return this.finish(envelope, "none", "invalid");
    });
  }

  private async run(envelope: ModelEventEnvelope): Promise<DispatchResult> {
    const { logger, metrics } = this.options;
    const operation = envelope.operation;
    if (operation === null) {
      const error = new EnvelopeValidationError(`envelope ${envelope.envelope_id} (event_type "${envelope.event_type}") has no operation: the runtime only accepts commands`, {
        context: { operation: "dispatch", targetName: "runtime" },
        correlationId: envelope.correlation_id,
        envelopeId: envelope.envelope_id,
      });
      return this.fail(envelope, RUNTIME_ERROR_EVENT_TYPE, "none", "invalid", error);
    }
    let handler: ProtocolHandler;
    try {
      handler = this.options.handlers.resolveForOperation(operation, envelope.correlation_id);
    } catch (error) {
      const outcome: EnvelopeOutcome = error instanceof UnknownHandlerTypeError ? "unknown_operation" : "error";
      return this.fail(envelope, `${operation}.failed`, "unknown", outcome, error);
    }
    try {
      if (await this.options.idempotency.isProcessed(RUNTIME_IDEMPOTENCY_DOMAIN, envelope.envelope_id)) {
        metrics.duplicates.inc();
        metrics.envelopes.inc({ operation, outcome: "duplicate" });
        logger.info({ envelope_id: envelope.envelope_id, operation }, "duplicate envelope skipped");
        return { outcome: "duplicate", response: null };
      }
    } catch (error) {
      return this.fail(envelope, `${operation}.failed`, operation, "error", error);
    }
    const result = await this.execute(handler, envelope, operation);
    return this.record(envelope, result);
  }

  private async execute(handler: ProtocolHandler, envelope: ModelEventEnvelope, operation: string): Promise<DispatchResult> {
    const { logger, metrics } = this.options;
    const stopTimer = metrics.handlerDuration.startTimer({ operation });
    let result: ProtocolHandlerResult;
    try {
      result = await handler.execute(envelope);
    } catch (error) {
      return this.fail(envelope, `${operation}.failed`, operation, "error", error);
    } finally {
      stopTimer();
    }
    let response: ModelEventEnvelope;
    try {
      response = deriveEnvelope(envelope, {
        event_type: `${operation}.completed`,
        source: this.source,
        payload: asPayload(result.payload),
        metadata: asMetadata(result.metadata),
        max_retries: 0,
      });
    } catch (error) {
      const wrapped = ModelOnexError.fromUnknown(error, envelope.correlation_id, EnumCoreErrorCode.INTERNAL_ERROR);
      return this.fail(envelope, `${operation}.failed`, operation, "error", wrapped);
    }
    logger.debug({ operation, envelope_id: envelope.envelope_id }, "operation completed");
    return this.finish(response, operation, "success");
  }

  // Once the answer is out, the envelope counts as processed. A failed record is logged, not retried: the answer was
  // published, and a redelivery (rare: only after a crash) would merely run the operation again.
  private async record(envelope: ModelEventEnvelope, result: DispatchResult): Promise<DispatchResult> {
    if (result.outcome === "publish_failed") return result;
    try {
      const first = await this.options.idempotency.checkAndRecord(RUNTIME_IDEMPOTENCY_DOMAIN, envelope.envelope_id);
      if (!first) this.options.logger.warn({ envelope_id: envelope.envelope_id, operation: envelope.operation }, "envelope was processed twice at once (concurrent redelivery)");
    } catch (error) {
      this.options.logger.error({ err: error, envelope_id: envelope.envelope_id, operation: envelope.operation }, "could not record the envelope as processed");
    }
    return result;
  }

  private fail(parent: ModelEventEnvelope, eventType: string, label: string, outcome: EnvelopeOutcome, error: unknown): Promise<DispatchResult> {
    const payload = toErrorPayload(error, parent.correlation_id);
    const level = outcome === "error" && payload.status >= 500 ? "error" : "warn";
    this.options.logger[level]({ operation: parent.operation, envelope_id: parent.envelope_id, errorCode: payload.errorCode, error: payload.message }, "operation failed");
    const envelope = deriveEnvelope(parent, { event_type: eventType, source: this.source, payload, max_retries: 0 });
    return this.finish(envelope, label, outcome);
  }

  private async finish(envelope: ModelEventEnvelope, label: string, outcome: EnvelopeOutcome): Promise<DispatchResult> {
    try {
      await this.options.bus.publishEnvelope(this.options.outputTopic, envelope);
    } catch (error) {
      this.options.metrics.envelopes.inc({ operation: label, outcome: "publish_failed" });
      this.options.logger.error({ err: error, topic: this.options.outputTopic, event_type: envelope.event_type }, "could not publish the response envelope");
      return { outcome: "publish_failed", response: null };
    }
    this.options.metrics.envelopes.inc({ operation: label, outcome });
    this.options.onPublished?.(envelope);
    return { outcome, response: envelope };
  }
}
