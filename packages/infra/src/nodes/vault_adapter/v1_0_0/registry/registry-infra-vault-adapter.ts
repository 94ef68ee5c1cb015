// Container registration of the `vault_adapter` node and its dependencies.
import type { ModelONEXContainer } from "@onex/core";
import { adapterNodeTokens, registerAdapterNode, type AdapterNodeRegistrationOptions, type AdapterNodeTokens } from "../../../../adapters/util-adapter-node.js";
import { NodeVaultAdapterEffect } from "../node.js";

/** Options of {@link RegistryInfraVaultAdapter.register}. */
export type RegistryInfraVaultAdapterOptions = AdapterNodeRegistrationOptions;

/**
 * Registers {@link NodeVaultAdapterEffect} under `RegistryInfraVaultAdapter.tokens.node`, with its handler (when
 * given; otherwise the `vault` handler bound in RegistryProtocolBinding serves it) and its breaker from the container's
 * circuit-breaker factory.
 */
export class RegistryInfraVaultAdapter {
  /** Typed container tokens: `node`, `handler`, `circuitBreaker`. */
  static readonly tokens: AdapterNodeTokens<NodeVaultAdapterEffect> = adapterNodeTokens<NodeVaultAdapterEffect>("vault_adapter");

  /** Registers the node and its dependencies; see the class description. */
  static register(container: ModelONEXContainer, options: RegistryInfraVaultAdapterOptions = {}): void {
    registerAdapterNode(container, RegistryInfraVaultAdapter.tokens, () => NodeVaultAdapterEffect.contract(), (scope) => new NodeVaultAdapterEffect(scope), options);
  }

  /** The registered node (built on first resolution). */
  static resolve(container: ModelONEXContainer): NodeVaultAdapterEffect {
    return container.resolveService(RegistryInfraVaultAdapter.tokens.node);
  }
}
