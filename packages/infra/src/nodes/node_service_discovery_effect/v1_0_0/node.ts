// EFFECT node `node_service_discovery_effect`: discover and deregister service instances through
// ProtocolServiceDiscovery (Consul or in-process), behind the shared registration:consul breaker.
import { type ModelContract, type ModelONEXContainer, type NodeEffectHandlerContext, type NodeEffectOptions } from "@onex/core";
import type { ProtocolEffectNode } from "@onex/spi";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../../../errors/error-envelope-validation.js";
import { RegistrationEffectNode } from "../../../registration/registration-effect-node.js";
import { parseRegistrationPayload } from "../../../registration/util-registration-payload.js";
import { loadRegistrationContract } from "../../../registration/util-registration-contract.js";
import { RegistrationServiceTokens } from "../../../registration/util-registration-tokens.js";
import {
  ModelDiscoveryDeregisterPayload,
  ModelDiscoveryDeregisterResult,
  ModelDiscoveryDiscoverPayload,
  ModelDiscoveryDiscoverResult,
} from "./models/index.js";

/** Options of {@link NodeServiceDiscoveryEffect} (tests inject `sleep` and `random` to skip real backoff). */
export type NodeServiceDiscoveryEffectOptions = Pick<NodeEffectOptions, "sleep" | "random" | "now">;

/** `discovery.discover` (healthy instances of a service by default) and `discovery.deregister`. */
export class NodeServiceDiscoveryEffect extends RegistrationEffectNode implements ProtocolEffectNode {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadRegistrationContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeServiceDiscoveryEffectOptions = {}) {
    super(container, NodeServiceDiscoveryEffect.contract(), options);
    this.register("consul", (payload, context) => this.#handle(payload, context));
  }

  async #handle(payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext): Promise<unknown> {
    const discovery = this.container.resolveService(RegistrationServiceTokens.serviceDiscovery);
    const { operation, correlationId } = context;
    switch (operation) {
      case "discovery.discover": {
        const query = parseRegistrationPayload(ModelDiscoveryDiscoverPayload, payload, operation, correlationId);
        const instances = await discovery.discover(query.service_name, {
          ...(query.tag === undefined ? {} : { tag: query.tag }),
          includeUnhealthy: query.include_unhealthy,
        });
        return ModelDiscoveryDiscoverResult.parse({
          service_name: query.service_name,
          instances: instances.map((instance) => ({
            service_id: instance.serviceId,
            service_name: instance.serviceName,
            address: instance.address,
            port: instance.port,
            tags: [...instance.tags],
            metadata: { ...instance.metadata },
            healthy: instance.healthy,
          })),
        });
      }
      case "discovery.deregister": {
        const { service_id } = parseRegistrationPayload(ModelDiscoveryDeregisterPayload, payload, operation, correlationId);
        await discovery.deregister(service_id);
        return ModelDiscoveryDeregisterResult.parse({ service_id, deregistered: true });
      }
      default:
        throw new EnvelopeValidationError(`${this.name}: unknown operation "${operation}"`, {
          context: { transportType: EnumInfraTransportType.CONSUL, operation, correlationId },
        });
    }
  }
}
