/**
 * Builders for {@link ModelEventEnvelope}: a new envelope (fresh ids, correlation propagated or created) and a
 * child/response envelope derived from a parent. Pure apart from the id generator and clock, both injectable.
 * @module
 */
import { parseModel } from "../util/util-parse-model.js";
import { ModelEventEnvelope, type ModelEventEnvelopeTraceContext } from "./model-event-envelope.js";

/** Fields a caller supplies to {@link createEventEnvelope}. @category Models */
export interface CreateEventEnvelopeInput {
  /** What happened or is asked for. */
  readonly event_type: string;
  /** Producer of the message. */
  readonly source: string;
  /** Message body. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Dotted operation for commands (`db.query`). */
  readonly operation?: string | null | undefined;
  /** Correlation id to propagate; a new UUIDv4 when absent or empty. */
  readonly correlation_id?: string | null | undefined;
  /** Envelope id of the message that caused this one. */
  readonly causation_id?: string | null | undefined;
  /** Retries allowed before the DLQ (default 3). */
  readonly max_retries?: number | undefined;
  /** String metadata. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** W3C trace context. */
  readonly trace_context?: ModelEventEnvelopeTraceContext | undefined;
}

/** Fields a caller supplies to {@link deriveEnvelope}; correlation and causation come from the parent. @category Models */
export type DeriveEnvelopeInput = Omit<CreateEventEnvelopeInput, "correlation_id" | "causation_id">;

/** Id generator and clock used by the builders; injectable for deterministic tests. @category Models */
export interface EnvelopeFactoryOptions {
  /** Returns a new UUID (default `crypto.randomUUID`). */
  readonly newId?: (() => string) | undefined;
  /** Returns the current time (default `new Date()`). */
  readonly now?: (() => Date) | undefined;
}

/**
 * Builds a valid envelope: a new `envelope_id`, the given `correlation_id` or a new UUIDv4, the current time;
 * defaults for retries, trace context and metadata. Throws a `VALIDATION_ERROR` ModelOnexError naming every bad
 * field (e.g. an operation that is not dotted lowercase).
 *
 * @category Models
 */
export function createEventEnvelope(input: CreateEventEnvelopeInput, options: EnvelopeFactoryOptions = {}): ModelEventEnvelope {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const correlationId = input.correlation_id === undefined || input.correlation_id === null || input.correlation_id === "" ? newId() : input.correlation_id;
  return parseModel(
    ModelEventEnvelope,
    {
      envelope_id: newId(),
      correlation_id: correlationId,
      causation_id: input.causation_id ?? null,
      operation: input.operation ?? null,
      event_type: input.event_type,
      source: input.source,
      timestamp: now().toISOString(),
      payload: { ...input.payload },
      max_retries: input.max_retries,
      trace_context: input.trace_context === undefined ? undefined : { ...input.trace_context },
      metadata: input.metadata === undefined ? undefined : { ...input.metadata },
    },
    "ModelEventEnvelope",
    correlationId,
  );
}

/**
 * Builds a response or child envelope of `parent`: same `correlation_id`, `causation_id` = the parent's
 * `envelope_id`, the parent's trace context unless one is given, fresh id, time and retry count. Metadata is not
 * inherited (pass it explicitly).
 *
 * @category Models
 */
export function deriveEnvelope(parent: ModelEventEnvelope, input: DeriveEnvelopeInput, options: EnvelopeFactoryOptions = {}): ModelEventEnvelope {
  return createEventEnvelope(
    {
      ...input,
      correlation_id: parent.correlation_id,
      causation_id: parent.envelope_id,
      trace_context: input.trace_context ?? parent.trace_context,
    },
    options,
  );
}
