import { createServiceToken, type ModelONEXContainer, type ServiceToken } from "@onex/core";
import { RegistryCompute } from "../registries/registry-compute.js";
import { RegistryPolicy } from "../registries/registry-policy.js";
import { RegistryProtocolBinding } from "../registries/registry-protocol-binding.js";
import { createCircuitBreakerFactory, type CircuitBreakerFactory, type CircuitBreakerSettings } from "./util-circuit-breaker-factory.js";

/** Typed container tokens of the infrastructure services that {@link wireInfrastructureServices} registers. */
export const InfraServiceTokens: {
  readonly protocolBindingRegistry: ServiceToken<RegistryProtocolBinding>;
  readonly policyRegistry: ServiceToken<RegistryPolicy>;
  readonly computeRegistry: ServiceToken<RegistryCompute>;
  readonly circuitBreakerFactory: ServiceToken<CircuitBreakerFactory>;
} = Object.freeze({
  protocolBindingRegistry: createServiceToken<RegistryProtocolBinding>("onex.infra.RegistryProtocolBinding"),
  policyRegistry: createServiceToken<RegistryPolicy>("onex.infra.RegistryPolicy"),
  computeRegistry: createServiceToken<RegistryCompute>("onex.infra.RegistryCompute"),
  circuitBreakerFactory: createServiceToken<CircuitBreakerFactory>("onex.infra.CircuitBreakerFactory"),
});

/** Options of {@link wireInfrastructureServices}. */
export interface WireInfrastructureServicesOptions {
  /** Defaults of every breaker the circuit-breaker factory creates (threshold, reset timeout, half-open calls...). */
  readonly circuitBreakerDefaults?: CircuitBreakerSettings | undefined;
}

/**
 * Registers the handler binding, policy and compute registries and the per-backend circuit-breaker factory as
 * singletons of `container` under {@link InfraServiceTokens}. Child scopes share them. Idempotent: a token already
 * visible from `container` (registered here or in an ancestor) is left as it is, so calling it twice is harmless
 * and a composition root may pre-register its own instance of any of them.
 */
export function wireInfrastructureServices(container: ModelONEXContainer, options: WireInfrastructureServicesOptions = {}): void {
  const registry = container.serviceRegistry;
  const ensure = <T>(token: ServiceToken<T>, create: () => T): void => {
    if (!registry.isRegistered(token)) registry.registerFactory(token, create);
  };
  ensure(InfraServiceTokens.protocolBindingRegistry, () => new RegistryProtocolBinding());
  ensure(InfraServiceTokens.policyRegistry, () => new RegistryPolicy());
  ensure(InfraServiceTokens.computeRegistry, () => new RegistryCompute());
  ensure(InfraServiceTokens.circuitBreakerFactory, () => createCircuitBreakerFactory(options.circuitBreakerDefaults));
}
