import type { ModelEventEnvelope } from "@onex/core";

/**
 * What failed: a decoded envelope, or the raw text of a message that could not be decoded.
 *
 * @category Protocols
 */
export type ProtocolDlqHandlerMessage =
  | {
      /** The message decoded into an envelope. */
      readonly kind: "envelope";
      /** The envelope that could not be processed. */
      readonly envelope: ModelEventEnvelope;
    }
  | {
      /** The message could not be decoded. */
      readonly kind: "raw";
      /** Its body as text (base64 when not UTF-8), truncated by the handler to a bounded size. */
      readonly value: string;
    };

/**
 * Why and where a message failed.
 *
 * @category Protocols
 */
export interface ProtocolDlqHandlerMetadata {
  /** Topic the message was consumed from; replay writes it back there by default. */
  readonly originalTopic: string;
  /** Sanitised reason (no secrets, no credentials). */
  readonly reason: string;
  /** Error code of the failure, when it was an ONEX error. */
  readonly errorCode: string | null;
  /** Correlation id of the failed message, or a new one when it had none. */
  readonly correlationId: string;
  /** Delivery attempts made before giving up. */
  readonly retryCount: number;
  /** ISO-8601 time of the final failure. */
  readonly failedAt: string;
  /** Consumer group that failed, when known. */
  readonly consumerGroup?: string | undefined;
}

/**
 * A stored dead-letter entry.
 *
 * @category Protocols
 */
export interface ProtocolDlqHandlerEntry {
  /** Id of the entry, used to replay it. */
  readonly entryId: string;
  /** The failed message. */
  readonly message: ProtocolDlqHandlerMessage;
  /** Why and where it failed. */
  readonly metadata: ProtocolDlqHandlerMetadata;
}

/**
 * Filter and size of {@link ProtocolDlqHandler.list}.
 *
 * @category Protocols
 */
export interface ProtocolDlqHandlerListOptions {
  /** Only entries that came from this topic. */
  readonly originalTopic?: string | undefined;
  /** Maximum number of entries, newest first; the handler's default when absent. */
  readonly limit?: number | undefined;
}

/**
 * Options of {@link ProtocolDlqHandler.replay}.
 *
 * @category Protocols
 */
export interface ProtocolDlqHandlerReplayOptions {
  /** Topic to write the message to; its original topic when absent. */
  readonly targetTopic?: string | undefined;
}

/**
 * Dead-letter queue: where messages go after bad decoding or exhausted retries, for inspection and replay.
 *
 * @category Protocols
 */
export interface ProtocolDlqHandler {
  /** Stores a failed message with its failure metadata; resolves to the new entry's id. */
  publish(message: ProtocolDlqHandlerMessage, metadata: ProtocolDlqHandlerMetadata): Promise<string>;

  /** Stored entries, newest first. */
  list(options?: ProtocolDlqHandlerListOptions): Promise<readonly ProtocolDlqHandlerEntry[]>;

  /**
   * Writes entry `entryId`'s message back to its original topic (or `targetTopic`); envelopes keep their ids so
   * idempotency still applies. Rejects with a not-found error naming the id when there is no such entry.
   */
  replay(entryId: string, options?: ProtocolDlqHandlerReplayOptions): Promise<void>;
}
