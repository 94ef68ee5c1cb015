// Argument rules shared by CacheServiceValkey and CacheServiceInmemory, so both refuse the same input the same way.
import type { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import type { RuntimeHostError } from "../errors/error-runtime-host.js";
import { invalidCacheArgument } from "./util-valkey-client.js";

/** Where an argument is checked, for the error. */
export interface CacheArgumentSite {
  readonly transportType: EnumInfraTransportType;
  readonly operation: string;
  readonly targetName: string;
}

function fail(site: CacheArgumentSite, message: string): RuntimeHostError {
  return invalidCacheArgument(site.transportType, site.operation, site.targetName, message);
}

/** A time-to-live in whole milliseconds (seconds may be fractional); undefined when neither is given. */
export function ttlMillis(site: CacheArgumentSite, ttlSeconds: number | undefined, ttlMs?: number): number | undefined {
  if (ttlSeconds !== undefined && ttlMs !== undefined) throw fail(site, "give ttlSeconds or ttlMs, not both");
  const ms = ttlMs ?? (ttlSeconds === undefined ? undefined : Math.ceil(ttlSeconds * 1000));
  if (ms === undefined) return undefined;
  if (!Number.isFinite(ms) || ms < 1) throw fail(site, "the time-to-live must be a positive number");
  return ms;
}

/** A required time-to-live in ms. */
export function requiredTtlMillis(site: CacheArgumentSite, ttlSeconds: number | undefined, ttlMs?: number): number {
  const ms = ttlMillis(site, ttlSeconds, ttlMs);
  if (ms === undefined) throw fail(site, "a time-to-live is required");
  return ms;
}

/** An INCRBY amount: a safe integer. */
export function increment(site: CacheArgumentSite, by: number): number {
  if (!Number.isSafeInteger(by)) throw fail(site, "the increment must be an integer");
  return by;
}

/** A lock wait in ms: 0 when absent, at most `maxWaitMs`. */
export function lockWaitMillis(site: CacheArgumentSite, waitMs: number | undefined, maxWaitMs: number): number {
  const wait = waitMs ?? 0;
  if (!Number.isFinite(wait) || wait < 0) throw fail(site, "waitMs must be a non-negative number");
  if (wait > maxWaitMs) throw fail(site, `waitMs may be at most ${maxWaitMs}`);
  return wait;
}

/** Sleeps `ms`; used between lock attempts. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
