// The hub's view of the runtime's dead-letter topic: a bounded, newest-first list of entries fed by a subscription,
// and replay (the original message written back, byte for byte, to its original topic).
import { EnumCoreErrorCode, ModelEventEnvelope, ModelOnexError } from "@onex/core";
import { DLQ_EVENT_TYPE, ModelDlqRecord, REDACTED } from "@onex/infra";
import type { ProtocolDlqHandlerEntry, ProtocolDlqHandlerListOptions, ProtocolEventBus, ProtocolEventBusUnsubscribe } from "@onex/spi";
import type { RuntimeLogger } from "../logging/util-logger.js";

export interface RuntimeDlqViewOptions {
  readonly bus: ProtocolEventBus;
  readonly topic: string;
  /** Consumer group of this view (one per runtime instance, so every instance sees every entry). */
  readonly groupId: string;
  readonly maxEntries: number;
  readonly logger: RuntimeLogger;
}

interface StoredEntry {
  readonly entry: ProtocolDlqHandlerEntry;
  readonly record: ModelDlqRecord;
}

/** Turns a dead-letter envelope into the spi's entry shape plus the record (for replay). */
export function toDlqEntry(envelope: ModelEventEnvelope): StoredEntry | null {
  if (envelope.event_type !== DLQ_EVENT_TYPE) return null;
  const parsed = ModelDlqRecord.safeParse(envelope.payload);
  if (!parsed.success) return null;
  const record = parsed.data;
  let original: ModelEventEnvelope | null = null;
  if (record.original_envelope_id !== null && record.encoding === "utf8" && record.original_value !== null && !record.original_value_truncated) {
    try {
      const decoded = ModelEventEnvelope.safeParse(JSON.parse(record.original_value));
      original = decoded.success ? decoded.data : null;
    } catch {
      original = null;
    }
  }
  return {
    record,
    entry: {
      entryId: envelope.envelope_id,
      message: original === null ? { kind: "raw", value: record.original_value ?? "" } : { kind: "envelope", envelope: original },
      metadata: {
        originalTopic: record.original_topic,
        reason: record.failure_reason,
        errorCode: record.error_code,
        correlationId: record.correlation_id,
        retryCount: record.retry_count,
        failedAt: record.failed_at,
        consumerGroup: record.consumer_group ?? undefined,
      },
    },
  };
}

export class RuntimeDlqView {
  private readonly entries: StoredEntry[] = [];
  private unsubscribe: ProtocolEventBusUnsubscribe | null = null;

  constructor(private readonly options: RuntimeDlqViewOptions) {}

  get size(): number {
    return this.entries.length;
  }

  async start(): Promise<void> {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = await this.options.bus.subscribe(
      this.options.topic,
      this.options.groupId,
      (envelope) => {
        this.add(envelope);
        return Promise.resolve();
      },
      { fromBeginning: true, maxRetries: 0 },
    );
  }

  async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.();
  }

  /** Adds a dead-letter envelope (ignored when it is not one). */
  add(envelope: ModelEventEnvelope): void {
    const stored = toDlqEntry(envelope);
    if (stored === null) {
      this.options.logger.warn({ event_type: envelope.event_type, topic: this.options.topic }, "ignored a message on the DLQ topic that is not a dead-letter record");
      return;
    }
    this.entries.unshift(stored);
    if (this.entries.length > this.options.maxEntries) this.entries.length = this.options.maxEntries;
  }

  /** Entries, newest first. */
  list(options: ProtocolDlqHandlerListOptions = {}): ProtocolDlqHandlerEntry[] {
    const matching = this.entries.filter((e) => options.originalTopic === undefined || e.record.original_topic === options.originalTopic);
    return matching.slice(0, options.limit ?? matching.length).map((e) => e.entry);
  }

  /**
   * Writes entry `entryId`'s original message back to its original topic (or `targetTopic`) with its key and
   * headers; envelopes keep their ids, so idempotency still applies. Throws RESOURCE_NOT_FOUND for an unknown id
   * and INVALID_INPUT when the stored value was truncated (it cannot be replayed faithfully).
   */
  async replay(entryId: string, targetTopic?: string): Promise<{ readonly topic: string; readonly entryId: string }> {
    const stored = this.entries.find((e) => e.entry.entryId === entryId);
    if (stored === undefined) {
      throw new ModelOnexError(`no dead-letter entry with id ${JSON.stringify(entryId.slice(0, 64))}`, {
        errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND,
        context: { entryId: entryId.slice(0, 64) },
      });
    }
    const { record } = stored;
    if (record.original_value === null || record.original_value_truncated) {
      throw new ModelOnexError(`dead-letter entry ${entryId} cannot be replayed: its original value was ${record.original_value === null ? "empty" : "truncated"}`, {
        errorCode: EnumCoreErrorCode.INVALID_INPUT,
        correlationId: record.correlation_id,
        context: { entryId },
      });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(record.original_headers)) if (value !== REDACTED) headers[name] = value;
    const topic = targetTopic ?? record.original_topic;
    await this.options.bus.publish(topic, {
      key: record.original_key,
      value: record.encoding === "base64" ? Buffer.from(record.original_value, "base64") : record.original_value,
      headers,
    });
    this.options.logger.info({ entryId, topic }, "replayed a dead-letter entry");
    return { topic, entryId };
  }
}
