// In-process idempotency store: a Map with per-record expiry and a size bound. Checks are synchronous inside one
// event-loop turn, so concurrent callers in this process get exactly one `true` per message.
import type { ProtocolIdempotencyStore } from "@onex/spi";
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS, checkIdempotencyKey, resolveTtlSeconds } from "./util-idempotency-args.js";

export interface IdempotencyStoreInmemoryOptions {
  /** Lifetime of a record when `checkAndRecord` gives none; `null` keeps records until cleanup/eviction. Default 7 days. */
  readonly defaultTtlSeconds?: number | null | undefined;
  /** Most records kept; beyond it the oldest records are dropped (counted in `evictedCount`). Default 100,000. */
  readonly maxEntries?: number | undefined;
  /** Clock in epoch milliseconds (injectable for tests). */
  readonly now?: (() => number) | undefined;
}

interface Entry {
  readonly recordedAt: number;
  readonly expiresAt: number | null;
}

export class IdempotencyStoreInmemory implements ProtocolIdempotencyStore {
  // Insertion order = recording order, so the first key is always the oldest record.
  private readonly entries = new Map<string, Entry>();
  private readonly defaultTtlSeconds: number | null;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private evicted = 0;

  constructor(options: IdempotencyStoreInmemoryOptions = {}) {
    this.defaultTtlSeconds = resolveTtlSeconds(undefined, options.defaultTtlSeconds === undefined ? DEFAULT_IDEMPOTENCY_TTL_SECONDS : options.defaultTtlSeconds);
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 100_000));
    this.now = options.now ?? Date.now;
  }

  checkAndRecord(domain: string, messageId: string, ttlSeconds?: number): Promise<boolean> {
    checkIdempotencyKey(domain, messageId);
    const ttl = resolveTtlSeconds(ttlSeconds, this.defaultTtlSeconds);
    const key = this.key(domain, messageId);
    const now = this.now();
    const existing = this.entries.get(key);
    if (existing !== undefined && !this.expired(existing, now)) return Promise.resolve(false);
    this.entries.delete(key);
    this.entries.set(key, { recordedAt: now, expiresAt: ttl === null ? null : now + ttl * 1000 });
    this.enforceBound();
    return Promise.resolve(true);
  }

  isProcessed(domain: string, messageId: string): Promise<boolean> {
    checkIdempotencyKey(domain, messageId);
    const entry = this.entries.get(this.key(domain, messageId));
    return Promise.resolve(entry !== undefined && !this.expired(entry, this.now()));
  }

  cleanup(olderThan: Date): Promise<number> {
    const cutoff = olderThan.getTime();
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.recordedAt < cutoff || this.expired(entry, now)) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return Promise.resolve(removed);
  }

  /** Records currently held (expired ones included until cleanup). */
  get size(): number {
    return this.entries.size;
  }

  /** Records dropped by the size bound since construction. */
  get evictedCount(): number {
    return this.evicted;
  }

  private key(domain: string, messageId: string): string {
    return `${domain}\u0000${messageId}`;
  }

  private expired(entry: Entry, now: number): boolean {
    return entry.expiresAt !== null && entry.expiresAt <= now;
  }

  // O(1) per insert: the oldest records go first (expired or not); `cleanup()` removes expired ones in bulk.
  private enforceBound(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
      this.evicted += 1;
    }
  }
}
