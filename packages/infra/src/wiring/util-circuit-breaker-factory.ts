import { CircuitBreaker, type CircuitBreakerOptions, type CircuitBreakerSnapshot } from "../resilience/circuit-breaker.js";

/** Breaker settings without the name: the factory's defaults, or one backend's overrides. */
export type CircuitBreakerSettings = Omit<CircuitBreakerOptions, "name">;

/**
 * One {@link CircuitBreaker} per backend name, created on first use and shared afterwards, so every caller guarding
 * the same backend (handler, bus publisher, registration effect) sees the same circuit.
 */
export interface CircuitBreakerFactory {
  /**
   * The breaker of backend `name`. The first call creates it from the factory defaults overridden by `settings`;
   * later calls return that same breaker and ignore `settings`.
   */
  get(name: string, settings?: CircuitBreakerSettings): CircuitBreaker;
  /** Whether a breaker named `name` exists. */
  has(name: string): boolean;
  /** Every breaker created so far, sorted by name. */
  list(): CircuitBreaker[];
  /** Snapshots of every breaker, sorted by name (for `/health`, `/metrics` and the hub's circuit view). */
  snapshots(): CircuitBreakerSnapshot[];
}

/** Creates a {@link CircuitBreakerFactory} whose breakers start from `defaults`. */
export function createCircuitBreakerFactory(defaults: CircuitBreakerSettings = {}): CircuitBreakerFactory {
  const breakers = new Map<string, CircuitBreaker>();
  const sorted = (): CircuitBreaker[] => [...breakers.keys()].sort().flatMap((name) => breakers.get(name) ?? []);
  return {
    get(name, settings = {}) {
      let breaker = breakers.get(name);
      if (breaker === undefined) {
        // The constructor validates the settings (ProtocolConfigurationError); nothing is cached when it throws.
        breaker = new CircuitBreaker({ ...defaults, ...settings, name });
        breakers.set(name, breaker);
      }
      return breaker;
    },
    has: (name) => breakers.has(name),
    list: sorted,
    snapshots: () => sorted().map((breaker) => breaker.snapshot()),
  };
}
