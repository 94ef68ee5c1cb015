import { createServiceToken, type ServiceToken } from "@onex/core";
import type { ProtocolCacheService, ProtocolEventBus, ProtocolIdempotencyStore, ProtocolNodeRegistry, ProtocolSecretStore, ProtocolServiceDiscovery } from "@onex/spi";

/** Container tokens of the services the runtime registers (beside infra's `InfraServiceTokens`). */
export const RuntimeServiceTokens: {
  readonly eventBus: ServiceToken<ProtocolEventBus>;
  readonly idempotencyStore: ServiceToken<ProtocolIdempotencyStore>;
  readonly nodeRegistry: ServiceToken<ProtocolNodeRegistry>;
  readonly serviceDiscovery: ServiceToken<ProtocolServiceDiscovery>;
  readonly secretStore: ServiceToken<ProtocolSecretStore>;
  readonly cacheService: ServiceToken<ProtocolCacheService>;
} = Object.freeze({
  eventBus: createServiceToken<ProtocolEventBus>("onex.spi.ProtocolEventBus"),
  idempotencyStore: createServiceToken<ProtocolIdempotencyStore>("onex.spi.ProtocolIdempotencyStore"),
  nodeRegistry: createServiceToken<ProtocolNodeRegistry>("onex.spi.ProtocolNodeRegistry"),
  serviceDiscovery: createServiceToken<ProtocolServiceDiscovery>("onex.spi.ProtocolServiceDiscovery"),
  secretStore: createServiceToken<ProtocolSecretStore>("onex.spi.ProtocolSecretStore"),
  cacheService: createServiceToken<ProtocolCacheService>("onex.spi.ProtocolCacheService"),
});
