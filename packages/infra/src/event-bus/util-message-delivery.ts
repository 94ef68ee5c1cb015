// What happens to one consumed message, identical on every bus: decode it, hand it to the subscriber inside its
// correlation scope, retry a failing handler with `retry_count` incremented until the retry budget is spent, then
// write a dead-letter record. The caller commits the offset for "acknowledged" and "dead-lettered", never for
// "abandoned" (the bus is stopping: the message is delivered again later, at-least-once).
import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBusHandler, ProtocolEventBusMessageMeta } from "@onex/spi";
import { runWithCorrelation } from "../correlation/util-correlation.js";
import { buildDlqEnvelope, buildDlqRecord, type ModelDlqRecord } from "./model-dlq-record.js";
import { decodeEnvelope, type EnvelopeRawHeaders } from "./util-envelope-codec.js";

/** One consumed message and how to deliver it. */
export interface DeliverMessageInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | Uint8Array | string | null | undefined;
  readonly headers: EnvelopeRawHeaders | undefined;
  readonly groupId: string;
  readonly handler: ProtocolEventBusHandler;
  /** The subscription's retry budget; the envelope's `max_retries` when undefined. */
  readonly maxRetries: number | undefined;
  readonly dlqTopic: string;
  /** Writes the dead-letter envelope; must resolve only once the write is durable. */
  readonly publishDlq: (dlqTopic: string, envelope: ModelEventEnvelope, key: string | null) => Promise<void>;
  /** Asked before every retry; `true` abandons the message uncommitted. */
  readonly shouldStop: () => boolean;
  /** Delay before retry number `retryIndex` (0-based); none by default. */
  readonly retryDelayMs?: ((retryIndex: number) => number) | undefined;
  /** Largest value accepted by the decoder, in bytes. */
  readonly maxBytes?: number | undefined;
  /** `source` of dead-letter envelopes (the bus's name). */
  readonly source: string;
  readonly now?: (() => Date) | undefined;
}

/** How the delivery of one message ended. */
export type DeliveryOutcome =
  | { readonly status: "acknowledged"; readonly retries: number }
  | { readonly status: "dead-lettered"; readonly record: ModelDlqRecord }
  | { readonly status: "abandoned"; readonly retries: number };

/** Retries allowed for `envelope` on a subscription: the subscription's budget, else the envelope's own. */
export function effectiveMaxRetries(envelope: ModelEventEnvelope, subscriptionMaxRetries: number | undefined): number {
  return subscriptionMaxRetries ?? envelope.max_retries;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function deadLetter(input: DeliverMessageInput, error: unknown, envelope: ModelEventEnvelope | null, retryCount: number): Promise<DeliveryOutcome> {
  const record = buildDlqRecord({
    topic: input.topic,
    partition: input.partition,
    offset: input.offset,
    key: input.key,
    value: input.value,
    headers: input.headers,
    error,
    envelope,
    retryCount,
    consumerGroup: input.groupId,
    now: input.now,
  });
  await input.publishDlq(input.dlqTopic, buildDlqEnvelope(record, input.source, input.now), input.key ?? record.correlation_id);
  return { status: "dead-lettered", record };
}

/**
 * Delivers one message: decode (an undecodable message goes straight to the DLQ), then call the handler; on
 * failure retry while the envelope's `retry_count` is below the retry budget, each retry with `retry_count + 1`;
 * when the budget is spent, write the dead-letter record. Rejects only when the DLQ write fails.
 */
export async function deliverMessage(input: DeliverMessageInput): Promise<DeliveryOutcome> {
  const meta: ProtocolEventBusMessageMeta = { topic: input.topic, partition: input.partition, offset: input.offset, key: input.key };
  let envelope: ModelEventEnvelope;
  try {
    envelope = decodeEnvelope(input.value, input.headers, meta, { maxBytes: input.maxBytes });
  } catch (error) {
    return deadLetter(input, error, null, 0);
  }
  const maxRetries = effectiveMaxRetries(envelope, input.maxRetries);
  let retries = 0;
  for (;;) {
    const current = envelope;
    try {
      await runWithCorrelation(current.correlation_id, () => input.handler(current, meta));
      return { status: "acknowledged", retries };
    } catch (error) {
      if (current.retry_count >= maxRetries) return deadLetter(input, error, current, current.retry_count);
    }
    const delay = input.retryDelayMs?.(retries) ?? 0;
    if (delay > 0) await sleep(delay);
    if (input.shouldStop()) return { status: "abandoned", retries };
    retries += 1;
    envelope = { ...current, retry_count: current.retry_count + 1 };
  }
}
