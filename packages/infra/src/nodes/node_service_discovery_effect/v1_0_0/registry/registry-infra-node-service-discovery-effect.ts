// Container registration of the service-discovery effect.
import type { ModelONEXContainer } from "@onex/core";
import { RegistrationServiceTokens } from "../../../../registration/util-registration-tokens.js";
import { NodeServiceDiscoveryEffect, type NodeServiceDiscoveryEffectOptions } from "../node.js";

/**
 * Registers {@link NodeServiceDiscoveryEffect} as the singleton `RegistrationServiceTokens.discoveryEffect` of a
 * scope. It resolves `serviceDiscovery` and (optionally) the circuit-breaker factory when it runs.
 */
export class RegistryInfraNodeServiceDiscoveryEffect {
  static register(container: ModelONEXContainer, options: NodeServiceDiscoveryEffectOptions = {}): void {
    container.serviceRegistry.registerFactory(RegistrationServiceTokens.discoveryEffect, (scope) => new NodeServiceDiscoveryEffect(scope, options));
  }
}
