// Container registration of the registry effect.
import type { ModelONEXContainer } from "@onex/core";
import { RegistrationServiceTokens } from "../../../../registration/util-registration-tokens.js";
import { NodeRegistryEffect, type NodeRegistryEffectOptions } from "../node.js";

/**
 * Registers {@link NodeRegistryEffect} as the singleton `RegistrationServiceTokens.registryEffect` of a scope. It
 * resolves `serviceDiscovery`, `projectionStore` and (optionally) the circuit-breaker factory when it runs.
 */
export class RegistryInfraNodeRegistryEffect {
  static register(container: ModelONEXContainer, options: NodeRegistryEffectOptions = {}): void {
    container.serviceRegistry.registerFactory(RegistrationServiceTokens.registryEffect, (scope) => new NodeRegistryEffect(scope, options));
  }
}
