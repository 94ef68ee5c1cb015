// Timeouts that really stop the work (the signal handed to `fn` is aborted) and graceful degradation to a
// fallback (rulebook "Graceful Degradation (Timeout Errors)").
import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";

/** Options of {@link withTimeout}. */
export interface TimeoutOptions {
  readonly timeoutMs: number;
  /** Operation name for the error message and context (overrides `context.operation`). */
  readonly operation?: string | undefined;
  readonly context?: ModelInfraErrorContext | undefined;
  /** A parent signal: aborting it aborts the operation too. */
  readonly signal?: AbortSignal | undefined;
}

function contextOf(options: TimeoutOptions): ModelInfraErrorContext {
  return options.operation === undefined ? { ...options.context } : { ...options.context, operation: options.operation };
}

/**
 * Runs `fn` with a deadline. On expiry the signal given to `fn` is aborted (with the timeout error as reason) and
 * the returned promise rejects with {@link InfraTimeoutError} (`timeoutSeconds` in context), whether or not `fn`
 * honours the signal. When the parent signal aborts first, it rejects with the parent's reason if that is an ONEX
 * error (e.g. an outer timeout), else with a non-retryable CANCELLED error whose cause is the reason.
 */
export async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, options: TimeoutOptions): Promise<T> {
  const controller = new AbortController();
  const parent = options.signal;
  const name = options.operation ?? options.context?.operation ?? "operation";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onParentAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    const fail = (error: Error): void => {
      controller.abort(error);
      reject(error);
    };
    onParentAbort = () => {
      const reason: unknown = parent?.reason;
      fail(
        reason instanceof ModelOnexError
          ? reason
          : new RuntimeHostError(`Operation "${name}" cancelled`, { errorCode: EnumCoreErrorCode.CANCELLED, context: contextOf(options), cause: reason }),
      );
    };
    if (parent?.aborted === true) {
      onParentAbort();
      return;
    }
    parent?.addEventListener("abort", onParentAbort, { once: true });
    timer = setTimeout(() => {
      fail(new InfraTimeoutError(`Operation "${name}" timed out after ${options.timeoutMs} ms`, { context: contextOf(options), timeoutSeconds: options.timeoutMs / 1000 }));
    }, options.timeoutMs);
  });
  if (controller.signal.aborted) return deadline;
  // An async wrapper turns a synchronous throw of `fn` into a rejection.
  const running = (async () => fn(controller.signal))();
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    if (onParentAbort !== undefined) parent?.removeEventListener("abort", onParentAbort);
  }
}

/** Result of {@link withTimeoutFallback}. */
export interface TimeoutFallbackResult<T> {
  readonly value: T;
  readonly source: "primary" | "fallback";
  /** True when the value came from the fallback. */
  readonly degraded: boolean;
  /** Why the primary was abandoned (set when degraded). */
  readonly primaryError?: unknown;
}

/** Options of {@link withTimeoutFallback}. */
export interface TimeoutFallbackOptions extends TimeoutOptions {
  /** Which primary failures fall back; default: timeouts only ({@link InfraTimeoutError}). */
  readonly fallbackOn?: (error: unknown) => boolean;
  /** Optional deadline of the fallback itself. */
  readonly fallbackTimeoutMs?: number | undefined;
}

/**
 * Graceful degradation: runs `primary` under a timeout; when it times out (or fails in a way `fallbackOn`
 * accepts), returns `fallback`'s value marked `degraded`. If the fallback fails too, throws
 * {@link InfraTimeoutError} ("primary timed out and fallback failed") with the fallback's error as cause.
 */
export async function withTimeoutFallback<T>(
  primary: (signal: AbortSignal) => Promise<T>,
  fallback: (primaryError: unknown, signal: AbortSignal) => Promise<T>,
  options: TimeoutFallbackOptions,
): Promise<TimeoutFallbackResult<T>> {
  const fallbackOn = options.fallbackOn ?? ((error: unknown) => error instanceof InfraTimeoutError);
  try {
    return { value: await withTimeout(primary, options), source: "primary", degraded: false };
  } catch (primaryError) {
    if (!fallbackOn(primaryError)) throw primaryError;
    try {
      const value =
        options.fallbackTimeoutMs === undefined
          ? await fallback(primaryError, new AbortController().signal)
          : await withTimeout((signal) => fallback(primaryError, signal), { ...options, timeoutMs: options.fallbackTimeoutMs });
      return { value, source: "fallback", degraded: true, primaryError };
    } catch (fallbackError) {
      const what = primaryError instanceof InfraTimeoutError ? "timed out" : "failed";
      throw new InfraTimeoutError(`Primary ${what} and fallback failed`, {
        context: contextOf(options),
        timeoutSeconds: options.timeoutMs / 1000,
        cause: fallbackError,
      });
    }
  }
}
