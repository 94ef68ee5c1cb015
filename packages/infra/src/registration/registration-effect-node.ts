// What the three registration effects share: core's NodeEffect (retry policy, per-attempt timeout) with one infra
// CircuitBreaker per backend taken from the container's circuit-breaker factory, named `registration:<backend>`, so
// the registry effect's Consul calls and the discovery effect's share one circuit, and the hub shows both.
import {
  NodeEffect,
  type ModelContract,
  type ModelONEXContainer,
  type NodeEffectCircuitBreaker,
  type NodeEffectOptions,
} from "@onex/core";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { InfraServiceTokens } from "../wiring/util-wire-infrastructure-services.js";

const TRANSPORT: Readonly<Record<string, EnumInfraTransportType>> = {
  consul: EnumInfraTransportType.CONSUL,
  postgres: EnumInfraTransportType.DATABASE,
};

const PASS_THROUGH: NodeEffectCircuitBreaker = { execute: (fn) => fn() };

/** Name of the shared breaker guarding a registration backend. */
export function registrationBreakerName(backend: string): string {
  return `registration:${backend}`;
}

/** A NodeEffect whose breakers are per backend and shared through `InfraServiceTokens.circuitBreakerFactory`. */
export class RegistrationEffectNode extends NodeEffect {
  readonly #ownBreakers = new Map<string, NodeEffectCircuitBreaker>();

  constructor(container: ModelONEXContainer, contract: ModelContract, options: NodeEffectOptions = {}) {
    super(container, contract, options);
  }

  /** The breaker of `backend` (the routed handler name): the container factory's, else one of this node's own. */
  override circuitBreakerFor(backend: string): NodeEffectCircuitBreaker {
    const settings = this.errorHandling.circuit_breaker;
    if (!settings.enabled) return PASS_THROUGH;
    const name = registrationBreakerName(backend);
    const options = {
      transportType: TRANSPORT[backend] ?? EnumInfraTransportType.RUNTIME,
      failureThreshold: settings.failure_threshold,
      resetTimeoutMs: settings.reset_timeout_ms,
      halfOpenMaxCalls: settings.half_open_max_requests,
      successThreshold: settings.success_threshold,
    };
    const factory = this.container.tryResolveService(InfraServiceTokens.circuitBreakerFactory);
    if (factory !== undefined) return factory.get(name, options);
    let own = this.#ownBreakers.get(name);
    if (own === undefined) {
      own = new CircuitBreaker({ ...options, name });
      this.#ownBreakers.set(name, own);
    }
    return own;
  }
}
