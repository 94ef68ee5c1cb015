/**
 * Remembers which messages were processed, per domain, so at-least-once delivery becomes exactly-once effect.
 * Stores: PostgreSQL (unique key, insert on conflict do nothing) and memory.
 *
 * @category Protocols
 */
export interface ProtocolIdempotencyStore {
  /**
   * Atomically records `(domain, messageId)`. Resolves to `true` the first time (process the message) and `false`
   * when it was already recorded (skip it). Safe under concurrent callers: exactly one of them gets `true`.
   * `ttlSeconds` bounds how long the record is kept; the store's default when absent.
   */
  checkAndRecord(domain: string, messageId: string, ttlSeconds?: number): Promise<boolean>;

  /** Whether `(domain, messageId)` is recorded (and not expired), without recording it. */
  isProcessed(domain: string, messageId: string): Promise<boolean>;

  /** Removes records made before `olderThan` or already expired; resolves to how many were removed. */
  cleanup(olderThan: Date): Promise<number>;
}
