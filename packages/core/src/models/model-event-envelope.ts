import { z } from "zod";

/** Dotted lowercase operation name of a command: `<prefix>.<verb>[.<more>]`, e.g. `db.query`, `consul.kv.put`. */
const OPERATION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * W3C trace context carried with an envelope (and as Kafka headers), so traces cross the bus.
 *
 * @category Models
 */
export const ModelEventEnvelopeTraceContext = z.object({
  /** W3C `traceparent` header value. */
  traceparent: z.string().min(1).max(512).optional(),
  /** W3C `tracestate` header value. */
  tracestate: z.string().max(2048).optional(),
});

/** W3C trace context of an envelope. @category Models */
export type ModelEventEnvelopeTraceContext = z.infer<typeof ModelEventEnvelopeTraceContext>;

/**
 * The one message envelope of the whole system: every event, command, intent, response and DLQ entry travels
 * in it, on the in-memory bus, on Kafka and through the HTTP hub. Commands set `operation` (its prefix routes the
 * envelope to a handler); responses and child messages keep the `correlation_id` and point at their parent
 * with `causation_id`.
 *
 * @category Models
 */
export const ModelEventEnvelope = z.object({
  /** Unique id of this message (UUID); the idempotency key. */
  envelope_id: z.uuid(),
  /** Id shared by every message of one request (a UUIDv4 normally). */
  correlation_id: z.string().min(1).max(256),
  /** `envelope_id` of the message that caused this one; `null` for a first message. */
  causation_id: z.string().min(1).max(256).nullable().default(null),
  /** Dotted lowercase operation of a command (`db.query`); `null` for plain events. */
  operation: z
    .string()
    .regex(OPERATION, { message: "must be a dotted lowercase operation such as db.query" })
    .nullable()
    .default(null),
  /** What happened or is asked for (`node.registered`, `db.query.completed`). */
  event_type: z.string().min(1).max(256),
  /** Producer of the message (node or service name). */
  source: z.string().min(1).max(256),
  /** ISO-8601 creation time. */
  timestamp: z.iso.datetime({ offset: true }),
  /** Message body; validated by the receiver against its own model. */
  payload: z.record(z.string(), z.unknown()),
  /** How many times delivery of this message has been retried. */
  retry_count: z.number().int().min(0).default(0),
  /** Retries allowed before the message goes to the DLQ. */
  max_retries: z.number().int().min(0).default(3),
  /** W3C trace context. */
  trace_context: ModelEventEnvelopeTraceContext.default({}),
  /** Free string metadata (headers-like); never secrets. */
  metadata: z.record(z.string(), z.string()).default({}),
});

/** A validated envelope (defaults applied). @category Models */
export type ModelEventEnvelope = z.infer<typeof ModelEventEnvelope>;

/** What {@link ModelEventEnvelope} accepts before defaults are applied. @category Models */
export type ModelEventEnvelopeInput = z.input<typeof ModelEventEnvelope>;
