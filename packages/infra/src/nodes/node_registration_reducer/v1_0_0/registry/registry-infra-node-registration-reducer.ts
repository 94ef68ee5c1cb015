// Container registration of the registration reducer.
import type { ModelONEXContainer } from "@onex/core";
import { RegistrationServiceTokens } from "../../../../registration/util-registration-tokens.js";
import { NodeRegistrationReducer, type NodeRegistrationReducerOptions } from "../node.js";

/** Registers {@link NodeRegistrationReducer} as the singleton `RegistrationServiceTokens.reducer` of a scope. */
export class RegistryInfraNodeRegistrationReducer {
  static register(container: ModelONEXContainer, options: NodeRegistrationReducerOptions = {}): void {
    container.serviceRegistry.registerFactory(RegistrationServiceTokens.reducer, (scope) => new NodeRegistrationReducer(scope, options));
  }
}
