// ProtocolCacheService in process: the embedded default when no Valkey is configured. Same semantics as
// CacheServiceValkey (TTLs, SET NX, INCR on integers only, keeping the TTL, token-checked locks stored as ordinary
// keys) so code tested against one behaves the same on the other. Expiry is lazy (on access) plus a sweep of a
// bounded number of keys per write, so expired keys never accumulate without bound.
import { randomUUID } from "node:crypto";
import type {
  ProtocolCacheService,
  ProtocolCacheServiceLock,
  ProtocolCacheServiceLockOptions,
  ProtocolHealthCheckResult,
} from "@onex/spi";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { increment, lockWaitMillis, pause, requiredTtlMillis, ttlMillis, type CacheArgumentSite } from "./util-cache-arguments.js";
import type { CacheServiceValkeySetOptions } from "./cache-service-valkey.js";
import { invalidCacheArgument } from "./util-valkey-client.js";

/** Options of {@link CacheServiceInmemory}. */
export interface CacheServiceInmemoryOptions {
  /** Clock in epoch ms (injectable for tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** Longest lock wait accepted; default 30 000 ms. */
  readonly maxLockWaitMs?: number | undefined;
  /** Pause between lock attempts while waiting; default 10 ms. */
  readonly lockRetryIntervalMs?: number | undefined;
}

interface Entry {
  value: string;
  expiresAt: number | null;
}

const INTEGER = /^-?\d+$/;

// Argument errors become rejections, never synchronous throws, as from the Valkey implementation.
function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

const SWEEP_PER_WRITE = 16;

/** {@link ProtocolCacheService} in memory. */
export class CacheServiceInmemory implements ProtocolCacheService {
  readonly targetName = "inmemory-cache";
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #maxLockWaitMs: number;
  readonly #lockRetryIntervalMs: number;

  constructor(options: CacheServiceInmemoryOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxLockWaitMs = options.maxLockWaitMs ?? 30_000;
    this.#lockRetryIntervalMs = options.lockRetryIntervalMs ?? 10;
  }

  /** Live keys (expired ones are dropped first). */
  get size(): number {
    for (const key of [...this.#entries.keys()]) this.#live(key);
    return this.#entries.size;
  }

  #site(operation: string): CacheArgumentSite {
    return { transportType: EnumInfraTransportType.INMEMORY, operation, targetName: this.targetName };
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    let checked = 0;
    for (const key of this.#entries.keys()) {
      if (++checked > SWEEP_PER_WRITE) break;
      this.#live(key);
    }
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.#live(key)?.value ?? null);
  }

  set(key: string, value: string, options: CacheServiceValkeySetOptions = {}): Promise<boolean> {
    return settle(() => {
      const ttl = ttlMillis(this.#site("valkey.set"), options.ttlSeconds, options.ttlMs);
      if (options.onlyIfAbsent === true && this.#live(key) !== undefined) return false;
      this.#sweep();
      this.#entries.set(key, { value, expiresAt: ttl === undefined ? null : this.#now() + ttl });
      return true;
    });
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) > 0;
  }

  /** Deletes `keys`; resolves to how many existed. */
  deleteMany(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of new Set(keys)) {
      if (this.#live(key) !== undefined && this.#entries.delete(key)) deleted++;
    }
    return Promise.resolve(deleted);
  }

  incr(key: string, by = 1): Promise<number> {
    return settle(() => {
      const site = this.#site("valkey.incr");
      const amount = increment(site, by);
      const entry = this.#live(key);
      if (entry !== undefined && !INTEGER.test(entry.value)) {
        throw invalidCacheArgument(site.transportType, site.operation, site.targetName, "ERR value is not an integer or out of range");
      }
      const next = (entry === undefined ? 0 : Number(entry.value)) + amount;
      if (!Number.isSafeInteger(next)) throw invalidCacheArgument(site.transportType, site.operation, site.targetName, "ERR increment or decrement would overflow");
      // Like INCR, the key keeps its TTL.
      if (entry === undefined) this.#entries.set(key, { value: String(next), expiresAt: null });
      else entry.value = String(next);
      return next;
    });
  }

  expire(key: string, ttlSeconds: number): Promise<boolean> {
    return settle(() => requiredTtlMillis(this.#site("valkey.expire"), ttlSeconds)).then((ms) => this.expireMs(key, ms));
  }

  /** Sets `key` to expire in `ttlMs`; false when it does not exist. */
  expireMs(key: string, ttlMs: number): Promise<boolean> {
    return settle(() => {
      const ms = requiredTtlMillis(this.#site("valkey.expire"), undefined, ttlMs);
      const entry = this.#live(key);
      if (entry === undefined) return false;
      entry.expiresAt = this.#now() + ms;
      return true;
    });
  }

  async acquireLock(name: string, options: ProtocolCacheServiceLockOptions): Promise<ProtocolCacheServiceLock | null> {
    const site = this.#site("valkey.lock.acquire");
    const ttl = requiredTtlMillis(site, undefined, options.ttlMs);
    const wait = lockWaitMillis(site, options.waitMs, this.#maxLockWaitMs);
    const token = randomUUID();
    const deadline = this.#now() + wait;
    for (;;) {
      if (await this.set(name, token, { ttlMs: ttl, onlyIfAbsent: true })) return { name, token };
      const left = deadline - this.#now();
      if (left <= 0) return null;
      await pause(Math.min(left, this.#lockRetryIntervalMs));
    }
  }

  releaseLock(lock: ProtocolCacheServiceLock): Promise<boolean> {
    if (this.#live(lock.name)?.value !== lock.token) return Promise.resolve(false);
    this.#entries.delete(lock.name);
    return Promise.resolve(true);
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return Promise.resolve({ healthy: true, details: { backend: this.targetName, keys: this.#entries.size } });
  }

  /** Drops every key. */
  clear(): void {
    this.#entries.clear();
  }
}
