// Requests of the hub waiting for the response to their command: keyed by the command's envelope id, which every
// response carries as its causation id (two requests sharing a correlation id still get their own answers). Bounded: beyond `maxWaiters`
// a new wait is refused at once (503) instead of growing memory without limit.
import { EnumCoreErrorCode, ModelOnexError, type ModelEventEnvelope } from "@onex/core";

interface Waiter {
  readonly resolve: (envelope: ModelEventEnvelope) => void;
  readonly reject: (error: ModelOnexError) => void;
  readonly correlationId: string;
  readonly timer: NodeJS.Timeout;
}

export class ResponseWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private count = 0;

  constructor(private readonly maxWaiters: number) {}

  /** Requests waiting now. */
  get size(): number {
    return this.count;
  }

  /**
   * Resolves with the first response envelope offered for `key` (the command's envelope id); rejects with `TIMEOUT_ERROR` after
   * `timeoutMs`, or at once with `SERVICE_UNAVAILABLE` when too many requests are waiting. Register before
   * publishing the command, so a fast response is not missed.
   */
  wait(key: string, timeoutMs: number, correlationId: string): Promise<ModelEventEnvelope> {
    if (this.count >= this.maxWaiters) {
      return Promise.reject(
        new ModelOnexError(`too many requests are waiting for responses (${this.maxWaiters}); retry later or submit without wait`, {
          errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
          correlationId,
          context: { maxWaiters: this.maxWaiters },
        }),
      );
    }
    return new Promise<ModelEventEnvelope>((resolve, reject) => {
      const set = this.waiters.get(key) ?? new Set<Waiter>();
      const waiter: Waiter = {
        resolve,
        reject,
        correlationId,
        timer: setTimeout(() => {
          this.remove(key, waiter);
          reject(
            new ModelOnexError(`no response for correlation id ${correlationId} within ${timeoutMs} ms; the command may still complete`, {
              errorCode: EnumCoreErrorCode.TIMEOUT_ERROR,
              correlationId,
              context: { timeoutMs },
            }),
          );
        }, timeoutMs),
      };
      set.add(waiter);
      this.waiters.set(key, set);
      this.count += 1;
    });
  }

  /** Hands a response envelope to the requests waiting on `key`; returns how many were waiting. */
  offer(key: string | null, envelope: ModelEventEnvelope): number {
    if (key === null) return 0;
    const set = this.waiters.get(key);
    if (set === undefined) return 0;
    this.waiters.delete(key);
    for (const waiter of set) {
      clearTimeout(waiter.timer);
      waiter.resolve(envelope);
    }
    this.count -= set.size;
    return set.size;
  }

  /** Rejects every waiting request (shutdown). */
  rejectAll(error: (correlationId: string) => ModelOnexError): void {
    for (const set of this.waiters.values()) {
      for (const waiter of set) {
        clearTimeout(waiter.timer);
        waiter.reject(error(waiter.correlationId));
      }
    }
    this.waiters.clear();
    this.count = 0;
  }

  private remove(key: string, waiter: Waiter): void {
    const set = this.waiters.get(key);
    if (set === undefined || !set.delete(waiter)) return;
    this.count -= 1;
    if (set.size === 0) this.waiters.delete(key);
  }
}
