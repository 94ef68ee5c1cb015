// Container registration of the registration orchestrator.
import type { ModelONEXContainer } from "@onex/core";
import { RegistrationServiceTokens } from "../../../../registration/util-registration-tokens.js";
import { NodeRegistrationOrchestrator } from "../node.js";

/**
 * Registers {@link NodeRegistrationOrchestrator} as the singleton `RegistrationServiceTokens.orchestrator` of a
 * scope. It resolves the reducer, the three effects, the event bus and the settings from that scope when it runs.
 */
export class RegistryInfraNodeRegistrationOrchestrator {
  static register(container: ModelONEXContainer): void {
    container.serviceRegistry.registerFactory(RegistrationServiceTokens.orchestrator, (scope) => new NodeRegistrationOrchestrator(scope));
  }
}
