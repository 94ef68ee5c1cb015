/**
 * The `error_handling` section of an effect contract (ARCHITECTURE §4): retry policy, circuit breaker and the
 * error types the node may raise.
 * @module
 */
import { z } from "zod";

/**
 * Retry with exponential backoff: delay `n` is `min(initial_delay_ms * backoff_multiplier^(n-1), max_delay_ms)`,
 * randomised when `jitter` is on.
 *
 * @category Contracts
 */
export const ModelContractErrorHandlingRetryPolicy = z.object({
  /** Retries after the first attempt (0 = no retry). */
  max_retries: z.int().nonnegative().default(3),
  /** Delay before the first retry. */
  initial_delay_ms: z.number().nonnegative().default(100),
  /** Upper bound of any delay. */
  max_delay_ms: z.number().nonnegative().default(10_000),
  /** Growth factor of the delay. */
  backoff_multiplier: z.number().min(1).default(2),
  /** Whether delays are randomised to avoid thundering herds. */
  jitter: z.boolean().default(true),
  /** Error codes worth retrying; when absent, the error's own `isRetryable` decides. */
  retryable_error_codes: z.array(z.string()).optional(),
});

/** Retry policy. @category Contracts */
export type ModelContractErrorHandlingRetryPolicy = z.infer<typeof ModelContractErrorHandlingRetryPolicy>;

/**
 * Circuit-breaker settings (closed -> open after `failure_threshold` failures; half-open after
 * `reset_timeout_ms` with at most `half_open_max_requests` trial calls; closed again after `success_threshold`
 * successes).
 *
 * @category Contracts
 */
export const ModelContractErrorHandlingCircuitBreaker = z.object({
  /** Whether calls go through a breaker at all. */
  enabled: z.boolean().default(true),
  /** Consecutive failures that open the breaker. */
  failure_threshold: z.int().positive().default(5),
  /** Time the breaker stays open before letting trial calls through. */
  reset_timeout_ms: z.int().positive().default(30_000),
  /** Trial calls allowed at once while half-open. */
  half_open_max_requests: z.int().positive().default(1),
  /** Successful trial calls needed to close again. */
  success_threshold: z.int().positive().default(1),
  /** One breaker per backend (e.g. Consul and PostgreSQL separately) rather than one per node. */
  per_backend: z.boolean().default(true),
});

/** Circuit-breaker settings. @category Contracts */
export type ModelContractErrorHandlingCircuitBreaker = z.infer<typeof ModelContractErrorHandlingCircuitBreaker>;

/**
 * The `error_handling` section.
 *
 * @category Contracts
 */
export const ModelContractErrorHandling = z.object({
  /** Retry policy. */
  retry_policy: ModelContractErrorHandlingRetryPolicy.prefault({}),
  /** Circuit breaker. */
  circuit_breaker: ModelContractErrorHandlingCircuitBreaker.prefault({}),
  /** Error types (class names or codes) the node may raise. */
  error_types: z.array(z.string()).default([]),
  /** Timeout of one operation attempt. */
  timeout_ms: z.int().positive().default(30_000),
});

/** The parsed `error_handling` section (defaults applied). @category Contracts */
export type ModelContractErrorHandling = z.infer<typeof ModelContractErrorHandling>;

/** The `error_handling` section as written (defaulted fields optional). @category Contracts */
export type ModelContractErrorHandlingInput = z.input<typeof ModelContractErrorHandling>;
