// Retry with exponential backoff and full jitter ("Exponential Backoff And Jitter", AWS architecture blog). One
// retry layer per call path: wrap the breaker-guarded call in this, never a retry inside a retry.
import { EnumCoreErrorCode, ModelOnexError, computeBackoffDelay } from "@onex/core";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { isRetryableError } from "../errors/util-to-infra-error.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";

/** A retry that is about to happen. */
export interface RetryEvent {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Backoff shape: `delay = random() * min(maxDelayMs, initialDelayMs * multiplier ** attemptIndex)` (full jitter). */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Default 2. */
  readonly multiplier?: number;
  /** "full" (default) draws uniformly from [0, cap]; "none" waits exactly the cap. */
  readonly jitter?: "full" | "none";
}

/** Options of {@link retryWithBackoff}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (0 = no retry). */
  readonly maxRetries: number;
  /** Default: {@link isRetryableError} (the error's own `isRetryable`, else transient network codes). */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Cancels waiting and further attempts; also handed to `fn`. */
  readonly signal?: AbortSignal | undefined;
  /** Injectable for tests; must reject when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Context of the error thrown when the retry loop is cancelled. */
  readonly context?: ModelInfraErrorContext | undefined;
}

/** The delay before retry number `attemptIndex + 1` (attemptIndex 0 = after the first failed attempt). */
export function backoffDelayMs(attemptIndex: number, options: BackoffOptions, random: () => number = Math.random): number {
  // One backoff formula in the code base: core's, shared with the archetypes' retry loops.
  return computeBackoffDelay(
    {
      initialDelayMs: options.initialDelayMs,
      maxDelayMs: options.maxDelayMs,
      multiplier: options.multiplier ?? 2,
      jitter: (options.jitter ?? "full") === "full",
    },
    attemptIndex,
    random,
  );
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function validate(options: RetryOptions): void {
  const ok =
    Number.isInteger(options.maxRetries) &&
    options.maxRetries >= 0 &&
    options.initialDelayMs >= 0 &&
    options.maxDelayMs >= 0 &&
    (options.multiplier ?? 2) >= 1;
  if (!ok) {
    throw new ProtocolConfigurationError("Invalid retry options: maxRetries must be an integer >= 0, delays >= 0, multiplier >= 1", {
      context: options.context,
    });
  }
}

// An open (or saturated half-open) circuit will refuse again until its retry-after: retrying now only burns attempts.
function isBreakerRejection(error: unknown): boolean {
  return error instanceof InfraUnavailableError && error.circuitState !== undefined;
}

function withRetryCount(error: unknown, retryCount: number): unknown {
  if (error instanceof RuntimeHostError) return error.annotate({ retryCount });
  if (error instanceof ModelOnexError) {
    (error as { context: Readonly<Record<string, unknown>> }).context = Object.freeze({ ...error.context, retryCount });
  }
  return error;
}

/**
 * Calls `fn` until it succeeds, an error is not retryable, an open circuit refuses, or `maxRetries` retries are
 * spent; waits a full-jitter exponential backoff between attempts. Throws the last error with `retryCount` (retries
 * performed) added to its context, or a CANCELLED error when `signal` aborts.
 */
export async function retryWithBackoff<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  validate(options);
  const signal = options.signal ?? new AbortController().signal;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw cancelled(options, attempt, signal.reason);
    try {
      return await fn(attempt, signal);
    } catch (error) {
      if (attempt >= options.maxRetries || signal.aborted || isBreakerRejection(error) || !isRetryable(error)) {
        throw withRetryCount(error, attempt);
      }
      const delayMs = backoffDelayMs(attempt, options, random);
      options.onRetry?.({ retry: attempt + 1, delayMs, error });
      try {
        await sleep(delayMs, signal);
      } catch (reason) {
        throw cancelled(options, attempt, reason);
      }
    }
  }
}

function cancelled(options: RetryOptions, retryCount: number, reason: unknown): RuntimeHostError {
  return new RuntimeHostError("Retry loop cancelled", {
    errorCode: EnumCoreErrorCode.CANCELLED,
    context: options.context,
    cause: reason,
    retryCount,
  });
}
