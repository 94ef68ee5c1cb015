// Container registration of the registration storage effect.
import type { ModelONEXContainer } from "@onex/core";
import { RegistrationServiceTokens } from "../../../../registration/util-registration-tokens.js";
import { NodeRegistrationStorageEffect, type NodeRegistrationStorageEffectOptions } from "../node.js";

/**
 * Registers {@link NodeRegistrationStorageEffect} as the singleton `RegistrationServiceTokens.storageEffect` of a
 * scope. It resolves `projectionStore` and (optionally) the circuit-breaker factory when it runs.
 */
export class RegistryInfraNodeRegistrationStorageEffect {
  static register(container: ModelONEXContainer, options: NodeRegistrationStorageEffectOptions = {}): void {
    container.serviceRegistry.registerFactory(RegistrationServiceTokens.storageEffect, (scope) => new NodeRegistrationStorageEffect(scope, options));
  }
}
