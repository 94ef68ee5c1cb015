// Container registration of the `consul_adapter` node and its dependencies.
import type { ModelONEXContainer } from "@onex/core";
import { adapterNodeTokens, registerAdapterNode, type AdapterNodeRegistrationOptions, type AdapterNodeTokens } from "../../../../adapters/util-adapter-node.js";
import { NodeConsulAdapterEffect } from "../node.js";

/** Options of {@link RegistryInfraConsulAdapter.register}. */
export type RegistryInfraConsulAdapterOptions = AdapterNodeRegistrationOptions;

/**
 * Registers {@link NodeConsulAdapterEffect} under `RegistryInfraConsulAdapter.tokens.node`, with its handler (when
 * given; otherwise the `consul` handler bound in RegistryProtocolBinding serves it) and its breaker from the container's
 * circuit-breaker factory.
 */
export class RegistryInfraConsulAdapter {
  /** Typed container tokens: `node`, `handler`, `circuitBreaker`. */
  static readonly tokens: AdapterNodeTokens<NodeConsulAdapterEffect> = adapterNodeTokens<NodeConsulAdapterEffect>("consul_adapter");

  /** Registers the node and its dependencies; see the class description. */
  static register(container: ModelONEXContainer, options: RegistryInfraConsulAdapterOptions = {}): void {
    registerAdapterNode(container, RegistryInfraConsulAdapter.tokens, () => NodeConsulAdapterEffect.contract(), (scope) => new NodeConsulAdapterEffect(scope), options);
  }

  /** The registered node (built on first resolution). */
  static resolve(container: ModelONEXContainer): NodeConsulAdapterEffect {
    return container.resolveService(RegistryInfraConsulAdapter.tokens.node);
  }
}
