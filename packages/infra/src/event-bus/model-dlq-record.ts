// The dead-letter record both buses write (as the payload of an envelope) when a message cannot be decoded or its
// handler keeps failing: enough to inspect the failure and to replay the original message byte for byte.
import { ModelOnexError, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { z } from "zod";
import { ensureCorrelationId } from "../correlation/util-correlation.js";
import { isSensitiveKey, REDACTED, sanitizeString } from "../sanitize/util-sanitize.js";
import { ENVELOPE_HEADERS, headersToStrings, type EnvelopeRawHeaders } from "./util-envelope-codec.js";

/** `event_type` of the envelopes written to dead-letter topics. */
export const DLQ_EVENT_TYPE = "onex.dlq.record";

/** Default bound of `original_value` in a record, in bytes of its JSON form; larger values are truncated. */
export const DEFAULT_DLQ_MAX_VALUE_BYTES = 256 * 1024;

const MAX_REASON_LENGTH = 2000;

/** A dead-letter record: where the message came from, the message itself and why it failed (sanitised). */
export const ModelDlqRecord = z.object({
  original_topic: z.string().min(1),
  original_partition: z.number().int().min(0),
  /** Offset in the original partition, as a decimal string (Kafka offsets are 64-bit). */
  original_offset: z.string().regex(/^\d+$/),
  original_key: z.string().nullable(),
  /** The original value as UTF-8 text, or base64 when it is not valid UTF-8 (see `encoding`); `null` for a tombstone. */
  original_value: z.string().nullable(),
  encoding: z.enum(["utf8", "base64"]),
  /** Size of the original value in bytes. */
  original_size_bytes: z.number().int().min(0),
  /** True when `original_value` holds only the first bytes of the original value. */
  original_value_truncated: z.boolean(),
  /** Original headers as strings; values of secret-like header names are masked. */
  original_headers: z.record(z.string(), z.string()),
  /** `envelope_id` of the original message when it could be decoded. */
  original_envelope_id: z.string().nullable(),
  /** Why the message failed, sanitised (no credentials, tokens or PII). */
  failure_reason: z.string(),
  /** Class name of the final error (`EnvelopeValidationError`, `Error`...). */
  error_type: z.string(),
  /** ONEX error code of the final error, or a string `code` of other errors; `null` otherwise. */
  error_code: z.string().nullable(),
  /** Retries made before giving up (the `retry_count` of the last failed delivery; 0 for undecodable messages). */
  retry_count: z.number().int().min(0),
  /** From the envelope, else the `x-correlation-id` header, else a new UUIDv4. */
  correlation_id: z.string().min(1),
  failed_at: z.iso.datetime({ offset: true }),
  consumer_group: z.string().nullable(),
});

export type ModelDlqRecord = z.infer<typeof ModelDlqRecord>;

/** What {@link buildDlqRecord} needs to know about the failed message and its failure. */
export interface BuildDlqRecordInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | Uint8Array | string | null | undefined;
  readonly headers: EnvelopeRawHeaders | undefined;
  /** What was thrown by the decoder or the handler. */
  readonly error: unknown;
  /** The decoded envelope, when decoding succeeded. */
  readonly envelope?: ModelEventEnvelope | null | undefined;
  readonly retryCount: number;
  readonly consumerGroup: string | null;
  readonly now?: (() => Date) | undefined;
  readonly maxValueBytes?: number | undefined;
}

/** Sanitised reason, class name and code of anything thrown. */
export function describeFailure(error: unknown): { reason: string; type: string; code: string | null } {
  if (error instanceof Error) {
    const reason = sanitizeString(error.message === "" ? error.name : error.message);
    const code = error instanceof ModelOnexError ? error.errorCode : (error as { code?: unknown }).code;
    return {
      reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}...` : reason,
      type: error.constructor.name === "" ? error.name : error.constructor.name,
      code: typeof code === "string" ? sanitizeString(code) : null,
    };
  }
  const text = typeof error === "string" ? error : `non-error value thrown (${error === null ? "null" : typeof error})`;
  return { reason: sanitizeString(text).slice(0, MAX_REASON_LENGTH), type: "NonError", code: null };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function encodeValue(value: BuildDlqRecordInput["value"], maxBytes: number): Pick<ModelDlqRecord, "original_value" | "encoding" | "original_size_bytes" | "original_value_truncated"> {
  if (value === null || value === undefined) return { original_value: null, encoding: "utf8", original_size_bytes: 0, original_value_truncated: false };
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  let isUtf8 = true;
  try {
    utf8.decode(bytes);
  } catch {
    isUtf8 = false;
  }
  const render = (length: number): string => {
    const kept = bytes.subarray(0, length);
    return isUtf8 ? kept.toString("utf8") : kept.toString("base64");
  };
  // The bound applies to the value as it will sit in the DLQ envelope's JSON (base64 and JSON escapes grow it), so
  // the dead-letter message itself always fits the bus's message size limit.
  let length = Math.min(bytes.byteLength, maxBytes);
  let text = render(length);
  for (let size = Buffer.byteLength(JSON.stringify(text), "utf8"); length > 0 && size > maxBytes; size = Buffer.byteLength(JSON.stringify(text), "utf8")) {
    length = Math.min(length - 1, Math.floor((length * maxBytes) / size));
    text = render(length);
  }
  return {
    original_value: text,
    encoding: isUtf8 ? "utf8" : "base64",
    original_size_bytes: bytes.byteLength,
    original_value_truncated: length < bytes.byteLength,
  };
}

/** Builds the dead-letter record of a failed message: original coordinates and bytes, sanitised failure, correlation. */
export function buildDlqRecord(input: BuildDlqRecordInput): ModelDlqRecord {
  const headers = headersToStrings(input.headers);
  const failure = describeFailure(input.error);
  const safeHeaders: Record<string, string> = {};
  for (const [name, text] of Object.entries(headers)) safeHeaders[name] = isSensitiveKey(name) ? REDACTED : text;
  return ModelDlqRecord.parse({
    original_topic: input.topic,
    original_partition: input.partition,
    original_offset: input.offset,
    original_key: input.key,
    ...encodeValue(input.value, input.maxValueBytes ?? DEFAULT_DLQ_MAX_VALUE_BYTES),
    original_headers: safeHeaders,
    original_envelope_id: input.envelope?.envelope_id ?? null,
    failure_reason: failure.reason,
    error_type: failure.type,
    error_code: failure.code,
    retry_count: input.retryCount,
    correlation_id: input.envelope?.correlation_id ?? ensureCorrelationId(headers[ENVELOPE_HEADERS.CORRELATION_ID]),
    failed_at: (input.now ?? (() => new Date()))().toISOString(),
    consumer_group: input.consumerGroup,
  });
}

/**
 * The envelope that carries `record` to a dead-letter topic: same correlation id, caused by the original envelope
 * when there was one, `max_retries` 0 (a DLQ is not retried).
 */
export function buildDlqEnvelope(record: ModelDlqRecord, source: string, now?: () => Date): ModelEventEnvelope {
  return createEventEnvelope(
    {
      event_type: DLQ_EVENT_TYPE,
      source,
      payload: record,
      correlation_id: record.correlation_id,
      causation_id: record.original_envelope_id,
      max_retries: 0,
      metadata: { original_topic: record.original_topic, error_type: record.error_type },
    },
    now === undefined ? {} : { now },
  );
}
