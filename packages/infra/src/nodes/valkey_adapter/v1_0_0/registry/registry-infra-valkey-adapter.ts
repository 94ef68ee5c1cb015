// Container registration of the `valkey_adapter` node and its dependencies.
import type { ModelONEXContainer } from "@onex/core";
import { adapterNodeTokens, registerAdapterNode, type AdapterNodeRegistrationOptions, type AdapterNodeTokens } from "../../../../adapters/util-adapter-node.js";
import { NodeValkeyAdapterEffect } from "../node.js";

/** Options of {@link RegistryInfraValkeyAdapter.register}. */
export type RegistryInfraValkeyAdapterOptions = AdapterNodeRegistrationOptions;

/**
 * Registers {@link NodeValkeyAdapterEffect} under `RegistryInfraValkeyAdapter.tokens.node`, with its handler (when
 * given; otherwise the `valkey` handler bound in RegistryProtocolBinding serves it) and its breaker from the container's
 * circuit-breaker factory.
 */
export class RegistryInfraValkeyAdapter {
  /** Typed container tokens: `node`, `handler`, `circuitBreaker`. */
  static readonly tokens: AdapterNodeTokens<NodeValkeyAdapterEffect> = adapterNodeTokens<NodeValkeyAdapterEffect>("valkey_adapter");

  /** Registers the node and its dependencies; see the class description. */
  static register(container: ModelONEXContainer, options: RegistryInfraValkeyAdapterOptions = {}): void {
    registerAdapterNode(container, RegistryInfraValkeyAdapter.tokens, () => NodeValkeyAdapterEffect.contract(), (scope) => new NodeValkeyAdapterEffect(scope), options);
  }

  /** The registered node (built on first resolution). */
  static resolve(container: ModelONEXContainer): NodeValkeyAdapterEffect {
    return container.resolveService(RegistryInfraValkeyAdapter.tokens.node);
  }
}
