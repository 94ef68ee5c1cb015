/**
 * Exponential backoff with full jitter, shared by every retry loop of the node archetypes (one implementation).
 * @module
 */

/**
 * The parameters of an exponential backoff. Mirrors the contract's `retry_policy` fields.
 *
 * @category Utilities
 */
export interface BackoffPolicy {
  /** Delay cap before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** Growth factor per retry (2 doubles the cap each time). */
  readonly multiplier: number;
  /** Full jitter: a uniformly random delay in `[0, cap)`; without it the delay is the cap itself. */
  readonly jitter: boolean;
}

/** A source of uniform random numbers in `[0, 1)`, injectable for tests. @category Utilities */
export type RandomSource = () => number;

/**
 * The exponential cap for a retry: `min(maxDelayMs, initialDelayMs * multiplier ** retryIndex)`.
 *
 * @param retryIndex 0 for the first retry, 1 for the second...
 * @category Utilities
 */
export function backoffCap(policy: BackoffPolicy, retryIndex: number): number {
  const raw = policy.initialDelayMs * policy.multiplier ** Math.max(0, retryIndex);
  const capped = Math.min(policy.maxDelayMs, Number.isFinite(raw) ? raw : policy.maxDelayMs);
  return Math.max(0, capped);
}

/**
 * The delay before a retry, with full jitter ("Exponential Backoff And Jitter", AWS): a uniform draw from
 * `[0, cap)` where `cap = backoffCap(policy, retryIndex)`; exactly `cap` when jitter is off.
 *
 * @param retryIndex 0 for the first retry, 1 for the second...
 * @param random injectable uniform source in `[0, 1)`; `Math.random` by default.
 * @category Utilities
 */
export function computeBackoffDelay(policy: BackoffPolicy, retryIndex: number, random: RandomSource = Math.random): number {
  const cap = backoffCap(policy, retryIndex);
  if (!policy.jitter) return cap;
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.floor(draw * cap);
}
