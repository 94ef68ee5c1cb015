// Polling for asynchronous effects (deliveries, consumer-group joins) with a generous upper bound instead of
// fixed sleeps: tests wait for behaviour, never for a wall-clock duration.

export interface WaitForOptions {
  /** Give up after this long (default 60 s: Kafka consumer-group joins take seconds). */
  readonly timeoutMs?: number;
  /** Poll interval (default 20 ms). */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly description?: string;
}

/** Resolves once `predicate` returns true; rejects after `timeoutMs` naming what was awaited. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description ?? "condition"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A promise with its resolve function exposed, to hold a handler until the test releases it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
