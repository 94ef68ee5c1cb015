/**
 * Abort-aware sleeping and timeouts built on the global `setTimeout` and `AbortController` (no Node I/O).
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/** Sleeps `ms` milliseconds, rejecting early with the signal's reason when aborted. Injectable for tests. @category Utilities */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The signal's reason as an Error (non-Error reasons are wrapped in a `CANCELLED` error). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new ModelOnexError("operation aborted", { errorCode: EnumCoreErrorCode.CANCELLED, cause: reason });
}

/**
 * Default {@link SleepFunction}: a `setTimeout` that is cleared and rejects with `signal.reason` on abort.
 *
 * @category Utilities
 */
export const sleep: SleepFunction = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Options of {@link runWithTimeout}. @category Utilities */
export interface RunWithTimeoutOptions {
  /** Timeout in milliseconds; `undefined`, 0 or a negative value disables it. */
  readonly timeoutMs?: number | undefined;
  /** An outer signal (e.g. a workflow being cancelled); its abort aborts the work too. */
  readonly signal?: AbortSignal | undefined;
  /** Builds the error thrown (and used as abort reason) when the timeout fires. */
  readonly onTimeout: () => Error;
}

/**
 * Runs `work` with a fresh `AbortSignal` that aborts when the timeout fires or the outer signal aborts. The
 * returned promise settles as soon as either happens, even if `work` ignores its signal, so a hung callee
 * cannot hold its caller past the deadline.
 *
 * @category Utilities
 */
export async function runWithTimeout<T>(work: (signal: AbortSignal) => Promise<T>, options: RunWithTimeoutOptions): Promise<T> {
  const controller = new AbortController();
  const outer = options.signal;
  if (outer?.aborted === true) throw abortReason(outer);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onOuterAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener("abort", () => reject(abortReason(controller.signal)), { once: true });
  });
  // The work's own rejection wins races below; keep the loser from surfacing as unhandled.
  aborted.catch(() => undefined);
  if (outer !== undefined) {
    onOuterAbort = () => controller.abort(abortReason(outer));
    outer.addEventListener("abort", onOuterAbort, { once: true });
  }
  if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
    timer = setTimeout(() => controller.abort(options.onTimeout()), options.timeoutMs);
  }
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (outer !== undefined && onOuterAbort !== undefined) outer.removeEventListener("abort", onOuterAbort);
  }
}
