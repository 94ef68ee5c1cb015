/**
 * A small bounded least-recently-used cache on top of `Map` insertion order.
 * @module
 */

/**
 * Bounded LRU cache: reading or writing a key makes it the most recent; inserting beyond `maxEntries` evicts
 * the least recent.
 *
 * @category Utilities
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;

  /** @param maxEntries capacity, at least 1. */
  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`LruCache capacity must be a positive integer, got ${String(maxEntries)}`);
    }
    this.#maxEntries = maxEntries;
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Capacity. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** Whether `key` is cached (does not change recency). */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** The cached value, made most recent; `undefined` when absent. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores `value` as the most recent entry, evicting the least recent one when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
