// The one envelope codec of the project: how a ModelEventEnvelope travels as a message (key, JSON UTF-8 value,
// string headers) on the in-memory bus and on Kafka, and how an incoming message becomes a validated envelope or
// an EnvelopeValidationError naming where it came from (topic, partition, offset) and what is wrong with it.
import { EnumCoreErrorCode, ModelEventEnvelope, formatValidationMessage, formatZodIssues } from "@onex/core";
import { CORRELATION_ID_HEADER, ensureCorrelationId } from "../correlation/util-correlation.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";

/** Header names written by {@link encodeEnvelope} and read back by {@link decodeEnvelope}. */
export const ENVELOPE_HEADERS = {
  CORRELATION_ID: CORRELATION_ID_HEADER,
  MESSAGE_ID: "x-message-id",
  EVENT_TYPE: "x-event-type",
  RETRY_COUNT: "x-retry-count",
  OPERATION: "x-operation",
  TRACEPARENT: "traceparent",
  TRACESTATE: "tracestate",
  CONTENT_TYPE: "content-type",
} as const;

/** Content type of an encoded envelope. */
export const ENVELOPE_CONTENT_TYPE = "application/json";

/** Default upper bound of an encoded envelope, in bytes (1 MiB, Kafka's default `max.message.bytes`). */
export const DEFAULT_MAX_ENVELOPE_BYTES = 1024 * 1024;

/** An envelope ready to be written to a topic. */
export interface EncodedEnvelope {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** Where a message was read from; named by every decode error. */
export interface EnvelopeSourceLocation {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A header value as delivered by the in-memory bus (string) or kafkajs (Buffer, string or an array of them). */
export type EnvelopeHeaderValue = Buffer | Uint8Array | string | readonly (Buffer | Uint8Array | string)[] | undefined;

/** Incoming message headers. */
export type EnvelopeRawHeaders = Readonly<Record<string, EnvelopeHeaderValue>>;

export interface EncodeEnvelopeOptions {
  /** Message key; `undefined` means the envelope's correlation id, `null` means no key. */
  readonly key?: string | null | undefined;
  /** Largest encoded value accepted, in bytes (default {@link DEFAULT_MAX_ENVELOPE_BYTES}). */
  readonly maxBytes?: number | undefined;
}

export interface DecodeEnvelopeOptions {
  /** Largest value accepted, in bytes (default {@link DEFAULT_MAX_ENVELOPE_BYTES}). */
  readonly maxBytes?: number | undefined;
}

/** Why a message could not be decoded; `context.reason` of the {@link EnvelopeValidationError}. */
export const ENVELOPE_DECODE_FAILURE = {
  NULL_VALUE: "NULL_VALUE",
  PAYLOAD_TOO_LARGE: EnumCoreErrorCode.PAYLOAD_TOO_LARGE,
  INVALID_UTF8: "INVALID_UTF8",
  INVALID_JSON: "INVALID_JSON",
  NOT_AN_OBJECT: "NOT_AN_OBJECT",
  SCHEMA: "SCHEMA",
} as const;

export type EnvelopeDecodeFailure = (typeof ENVELOPE_DECODE_FAILURE)[keyof typeof ENVELOPE_DECODE_FAILURE];

const RETRY_COUNT = /^\d{1,9}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function describeLocation(where: EnvelopeSourceLocation): string {
  return `topic "${where.topic}" partition ${where.partition} offset ${where.offset}`;
}

function rejected(
  where: EnvelopeSourceLocation,
  reason: EnvelopeDecodeFailure,
  problem: string,
  correlationId: string | undefined,
  extra: Readonly<Record<string, unknown>> = {},
  cause?: unknown,
): EnvelopeValidationError {
  return new EnvelopeValidationError(`envelope rejected at ${describeLocation(where)}: ${problem}`, {
    correlationId,
    topic: where.topic,
    partition: where.partition,
    offset: where.offset,
    reason,
    ...extra,
    ...(cause === undefined ? {} : { cause }),
  });
}

function headerText(value: EnvelopeHeaderValue): string | undefined {
  const first = Array.isArray(value) ? (value as readonly (Buffer | Uint8Array | string)[])[0] : (value as Buffer | Uint8Array | string | undefined);
  if (first === undefined) return undefined;
  return typeof first === "string" ? first : Buffer.from(first.buffer, first.byteOffset, first.byteLength).toString("utf8");
}

/** Incoming headers as plain strings (Buffers decoded as UTF-8, the first value of repeated headers kept). */
export function headersToStrings(headers: EnvelopeRawHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    const text = headerText(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** The retry count carried by the `x-retry-count` header, when it is a plain non-negative integer. */
export function headerRetryCount(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers[ENVELOPE_HEADERS.RETRY_COUNT];
  return raw !== undefined && RETRY_COUNT.test(raw) ? Number(raw) : undefined;
}

/** Headers describing `envelope` (correlation id, message id, event type, retry count, operation, trace context). */
export function envelopeHeaders(envelope: ModelEventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    [ENVELOPE_HEADERS.CORRELATION_ID]: envelope.correlation_id,
    [ENVELOPE_HEADERS.MESSAGE_ID]: envelope.envelope_id,
    [ENVELOPE_HEADERS.EVENT_TYPE]: envelope.event_type,
    [ENVELOPE_HEADERS.RETRY_COUNT]: String(envelope.retry_count),
    [ENVELOPE_HEADERS.CONTENT_TYPE]: ENVELOPE_CONTENT_TYPE,
  };
  if (envelope.operation !== null) headers[ENVELOPE_HEADERS.OPERATION] = envelope.operation;
  if (envelope.trace_context.traceparent !== undefined) headers[ENVELOPE_HEADERS.TRACEPARENT] = envelope.trace_context.traceparent;
  if (envelope.trace_context.tracestate !== undefined) headers[ENVELOPE_HEADERS.TRACESTATE] = envelope.trace_context.tracestate;
  return headers;
}

/**
 * Validates `envelope` and encodes it: JSON UTF-8 value, string headers ({@link envelopeHeaders}) and the key
 * (the correlation id unless `options.key` says otherwise). Throws {@link EnvelopeValidationError} naming every bad
 * field, or with `context.reason` `PAYLOAD_TOO_LARGE` when the value exceeds `maxBytes`.
 */
export function encodeEnvelope(envelope: ModelEventEnvelope, options: EncodeEnvelopeOptions = {}): EncodedEnvelope {
  const correlationId = typeof envelope.correlation_id === "string" ? ensureCorrelationId(envelope.correlation_id) : undefined;
  const parsed = ModelEventEnvelope.safeParse(envelope);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues);
    throw new EnvelopeValidationError(formatValidationMessage("envelope to publish", issues), {
      correlationId,
      reason: ENVELOPE_DECODE_FAILURE.SCHEMA,
      issues,
    });
  }
  const valid = parsed.data;
  let text: string;
  try {
    text = JSON.stringify(valid);
  } catch (error) {
    throw new EnvelopeValidationError(`envelope ${valid.envelope_id} cannot be serialised to JSON`, {
      correlationId: valid.correlation_id,
      reason: ENVELOPE_DECODE_FAILURE.INVALID_JSON,
      cause: error,
    });
  }
  const value = Buffer.from(text, "utf8");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  if (value.byteLength > maxBytes) {
    throw new EnvelopeValidationError(`envelope ${valid.envelope_id} is ${value.byteLength} bytes; at most ${maxBytes} are allowed`, {
      correlationId: valid.correlation_id,
      reason: ENVELOPE_DECODE_FAILURE.PAYLOAD_TOO_LARGE,
      sizeBytes: value.byteLength,
      maxBytes,
    });
  }
  return { key: options.key === undefined ? valid.correlation_id : options.key, value, headers: envelopeHeaders(valid) };
}

// Fields missing from the body are taken from the headers; a header retry count wins when larger (a redelivery
// recorded in the headers must not be forgotten).
function mergeHeaderFields(body: Record<string, unknown>, headers: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const fill = (field: string, header: string): void => {
    const value = headers[header];
    if (out[field] === undefined && value !== undefined) out[field] = value;
  };
  fill("correlation_id", ENVELOPE_HEADERS.CORRELATION_ID);
  fill("envelope_id", ENVELOPE_HEADERS.MESSAGE_ID);
  fill("event_type", ENVELOPE_HEADERS.EVENT_TYPE);
  fill("operation", ENVELOPE_HEADERS.OPERATION);
  const traceparent = headers[ENVELOPE_HEADERS.TRACEPARENT];
  const trace: unknown = out.trace_context;
  const bodyTrace = typeof trace === "object" && trace !== null && !Array.isArray(trace) ? (trace as Record<string, unknown>) : undefined;
  if (traceparent !== undefined && (trace === undefined || (bodyTrace !== undefined && bodyTrace.traceparent === undefined))) {
    const tracestate = headers[ENVELOPE_HEADERS.TRACESTATE];
    out.trace_context = { ...bodyTrace, traceparent, ...(tracestate === undefined ? {} : { tracestate }) };
  }
  const retries = headerRetryCount(headers);
  if (retries !== undefined && (out.retry_count === undefined || (typeof out.retry_count === "number" && retries > out.retry_count))) {
    out.retry_count = retries;
  }
  return out;
}

function correlationOf(body: unknown, headers: Readonly<Record<string, string>>): string | undefined {
  const fromBody = typeof body === "object" && body !== null ? (body as { correlation_id?: unknown }).correlation_id : undefined;
  const candidate = typeof fromBody === "string" ? fromBody : headers[ENVELOPE_HEADERS.CORRELATION_ID];
  return candidate === undefined ? undefined : ensureCorrelationId(candidate);
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * Decodes and validates a message read from `where`. Throws {@link EnvelopeValidationError} (message naming the
 * topic, partition, offset and every bad field; `context.reason` one of {@link ENVELOPE_DECODE_FAILURE}) for a null
 * value, a value over `maxBytes`, bad UTF-8, bad JSON, JSON that is not an object, or a schema failure.
 */
export function decodeEnvelope(
  value: Buffer | Uint8Array | string | null | undefined,
  headers: EnvelopeRawHeaders | undefined,
  where: EnvelopeSourceLocation,
  options: DecodeEnvelopeOptions = {},
): ModelEventEnvelope {
  const textHeaders = headersToStrings(headers);
  const headerCorrelation = correlationOf(undefined, textHeaders);
  if (value === null || value === undefined) {
    throw rejected(where, ENVELOPE_DECODE_FAILURE.NULL_VALUE, "the message has no value (null or tombstone)", headerCorrelation);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  const size = typeof value === "string" ? Buffer.byteLength(value, "utf8") : value.byteLength;
  if (size > maxBytes) {
    throw rejected(where, ENVELOPE_DECODE_FAILURE.PAYLOAD_TOO_LARGE, `the value is ${size} bytes; at most ${maxBytes} are allowed`, headerCorrelation, {
      sizeBytes: size,
      maxBytes,
    });
  }
  let text: string;
  if (typeof value === "string") {
    text = value;
  } else {
    try {
      text = utf8.decode(value);
    } catch (error) {
      throw rejected(where, ENVELOPE_DECODE_FAILURE.INVALID_UTF8, "the value is not valid UTF-8", headerCorrelation, {}, error);
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    // The parser's message quotes part of the body; only the position is kept in ours.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const at = position === undefined ? "" : ` (at position ${position})`;
    throw rejected(where, ENVELOPE_DECODE_FAILURE.INVALID_JSON, `the value is not valid JSON${at}`, headerCorrelation, {}, error);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw rejected(where, ENVELOPE_DECODE_FAILURE.NOT_AN_OBJECT, `the value is JSON ${jsonKind(body)}, expected an envelope object`, headerCorrelation);
  }
  const merged = mergeHeaderFields(body as Record<string, unknown>, textHeaders);
  const parsed = ModelEventEnvelope.safeParse(merged);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues);
    throw new EnvelopeValidationError(formatValidationMessage(`envelope at ${describeLocation(where)}`, issues), {
      correlationId: correlationOf(merged, textHeaders),
      topic: where.topic,
      partition: where.partition,
      offset: where.offset,
      reason: ENVELOPE_DECODE_FAILURE.SCHEMA,
      issues,
    });
  }
  return parsed.data;
}
