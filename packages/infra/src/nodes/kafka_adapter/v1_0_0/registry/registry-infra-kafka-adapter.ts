// Container registration of the `kafka_adapter` node and its dependencies.
import type { ModelONEXContainer } from "@onex/core";
import { adapterNodeTokens, registerAdapterNode, type AdapterNodeRegistrationOptions, type AdapterNodeTokens } from "../../../../adapters/util-adapter-node.js";
import { NodeKafkaAdapterEffect } from "../node.js";

/** Options of {@link RegistryInfraKafkaAdapter.register}. */
export type RegistryInfraKafkaAdapterOptions = AdapterNodeRegistrationOptions;

/**
 * Registers {@link NodeKafkaAdapterEffect} under `RegistryInfraKafkaAdapter.tokens.node`, with its handler (when
 * given; otherwise the `kafka` handler bound in RegistryProtocolBinding serves it) and its breaker from the container's
 * circuit-breaker factory.
 */
export class RegistryInfraKafkaAdapter {
  /** Typed container tokens: `node`, `handler`, `circuitBreaker`. */
  static readonly tokens: AdapterNodeTokens<NodeKafkaAdapterEffect> = adapterNodeTokens<NodeKafkaAdapterEffect>("kafka_adapter");

  /** Registers the node and its dependencies; see the class description. */
  static register(container: ModelONEXContainer, options: RegistryInfraKafkaAdapterOptions = {}): void {
    registerAdapterNode(container, RegistryInfraKafkaAdapter.tokens, () => NodeKafkaAdapterEffect.contract(), (scope) => new NodeKafkaAdapterEffect(scope), options);
  }

  /** The registered node (built on first resolution). */
  static resolve(container: ModelONEXContainer): NodeKafkaAdapterEffect {
    return container.resolveService(RegistryInfraKafkaAdapter.tokens.node);
  }
}
