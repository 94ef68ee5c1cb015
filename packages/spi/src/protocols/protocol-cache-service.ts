import type { ProtocolHealthCheck } from "./protocol-health-check.js";

/**
 * Options of {@link ProtocolCacheService.set}.
 *
 * @category Protocols
 */
export interface ProtocolCacheServiceSetOptions {
  /** Seconds until the key expires; never when absent. */
  readonly ttlSeconds?: number | undefined;
  /** Write only if the key does not exist (SET NX). */
  readonly onlyIfAbsent?: boolean | undefined;
}

/**
 * A held distributed lock. Only the holder knows its token.
 *
 * @category Protocols
 */
export interface ProtocolCacheServiceLock {
  /** Name of the locked resource. */
  readonly name: string;
  /** Random token proving ownership; releasing with another token does nothing. */
  readonly token: string;
}

/**
 * Options of {@link ProtocolCacheService.acquireLock}.
 *
 * @category Protocols
 */
export interface ProtocolCacheServiceLockOptions {
  /** Milliseconds after which the lock frees itself if never released. */
  readonly ttlMs: number;
  /** Milliseconds to keep trying while the lock is held by someone else; 0 (try once) when absent. */
  readonly waitMs?: number | undefined;
}

/**
 * A key/value cache with TTLs, counters and distributed locks (Valkey, or in-process when none is configured).
 * Values are strings: callers serialise and validate.
 *
 * @category Protocols
 */
export interface ProtocolCacheService extends ProtocolHealthCheck {
  /** The value at `key`, or `null` when absent or expired. */
  get(key: string): Promise<string | null>;

  /** Stores `value` at `key`; resolves to `false` only when `onlyIfAbsent` was set and the key existed. */
  set(key: string, value: string, options?: ProtocolCacheServiceSetOptions): Promise<boolean>;

  /** Removes `key`; resolves to whether it existed. */
  delete(key: string): Promise<boolean>;

  /** Adds `by` (default 1) to the integer at `key` (0 when absent) and resolves to the new value. */
  incr(key: string, by?: number): Promise<number>;

  /** Sets `key` to expire in `ttlSeconds`; resolves to `false` when the key does not exist. */
  expire(key: string, ttlSeconds: number): Promise<boolean>;

  /** Tries to take the lock `name`; resolves to the held lock, or `null` when it stayed taken for `waitMs`. */
  acquireLock(name: string, options: ProtocolCacheServiceLockOptions): Promise<ProtocolCacheServiceLock | null>;

  /** Releases `lock` if its token still holds it; resolves to whether it did (false once expired or taken over). */
  releaseLock(lock: ProtocolCacheServiceLock): Promise<boolean>;
}
