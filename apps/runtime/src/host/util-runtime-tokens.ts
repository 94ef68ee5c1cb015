import type { ServiceToken } from "@onex/core";
import { ProtocolServiceTokens } from "@onex/infra";
import type { ProtocolCacheService, ProtocolEventBus, ProtocolIdempotencyStore, ProtocolNodeRegistry, ProtocolSecretStore, ProtocolServiceDiscovery } from "@onex/spi";

/** Container tokens of the services the runtime registers (infra's shared protocol tokens, beside `InfraServiceTokens`). */
export const RuntimeServiceTokens: {
  readonly eventBus: ServiceToken<ProtocolEventBus>;
  readonly idempotencyStore: ServiceToken<ProtocolIdempotencyStore>;
  readonly nodeRegistry: ServiceToken<ProtocolNodeRegistry>;
  readonly serviceDiscovery: ServiceToken<ProtocolServiceDiscovery>;
  readonly secretStore: ServiceToken<ProtocolSecretStore>;
  readonly cacheService: ServiceToken<ProtocolCacheService>;
} = Object.freeze({
  eventBus: ProtocolServiceTokens.eventBus,
  idempotencyStore: ProtocolServiceTokens.idempotencyStore,
  nodeRegistry: ProtocolServiceTokens.nodeRegistry,
  serviceDiscovery: ProtocolServiceTokens.serviceDiscovery,
  secretStore: ProtocolServiceTokens.secretStore,
  cacheService: ProtocolServiceTokens.cacheService,
});
