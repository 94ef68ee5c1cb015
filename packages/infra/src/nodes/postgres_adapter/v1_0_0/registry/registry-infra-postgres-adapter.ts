// Container registration of the `postgres_adapter` node and its dependencies.
import type { ModelONEXContainer } from "@onex/core";
import { adapterNodeTokens, registerAdapterNode, type AdapterNodeRegistrationOptions, type AdapterNodeTokens } from "../../../../adapters/util-adapter-node.js";
import { NodePostgresAdapterEffect } from "../node.js";

/** Options of {@link RegistryInfraPostgresAdapter.register}. */
export type RegistryInfraPostgresAdapterOptions = AdapterNodeRegistrationOptions;

/**
 * Registers {@link NodePostgresAdapterEffect} under `RegistryInfraPostgresAdapter.tokens.node`, with its handler (when
 * given; otherwise the `db` handler bound in RegistryProtocolBinding serves it) and its breaker from the container's
 * circuit-breaker factory.
 */
export class RegistryInfraPostgresAdapter {
  /** Typed container tokens: `node`, `handler`, `circuitBreaker`. */
  static readonly tokens: AdapterNodeTokens<NodePostgresAdapterEffect> = adapterNodeTokens<NodePostgresAdapterEffect>("postgres_adapter");

  /** Registers the node and its dependencies; see the class description. */
  static register(container: ModelONEXContainer, options: RegistryInfraPostgresAdapterOptions = {}): void {
    registerAdapterNode(container, RegistryInfraPostgresAdapter.tokens, () => NodePostgresAdapterEffect.contract(), (scope) => new NodePostgresAdapterEffect(scope), options);
  }

  /** The registered node (built on first resolution). */
  static resolve(container: ModelONEXContainer): NodePostgresAdapterEffect {
    return container.resolveService(RegistryInfraPostgresAdapter.tokens.node);
  }
}
