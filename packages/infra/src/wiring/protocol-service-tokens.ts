// The one definition of the container tokens for spi protocols (`onex.spi.<Protocol>`): the runtime registers its
// bus, database, discovery... under these, and infra's nodes resolve them, so both must use the same tokens.
import { createServiceToken, type ServiceToken } from "@onex/core";
import type {
  ProtocolCacheService,
  ProtocolDatabaseConnection,
  ProtocolEventBus,
  ProtocolIdempotencyStore,
  ProtocolNodeRegistry,
  ProtocolSecretStore,
  ProtocolServiceDiscovery,
} from "@onex/spi";

/** Typed container tokens of the services that implement spi protocols. */
export const ProtocolServiceTokens: {
  readonly eventBus: ServiceToken<ProtocolEventBus>;
  readonly databaseConnection: ServiceToken<ProtocolDatabaseConnection>;
  readonly idempotencyStore: ServiceToken<ProtocolIdempotencyStore>;
  readonly nodeRegistry: ServiceToken<ProtocolNodeRegistry>;
  readonly serviceDiscovery: ServiceToken<ProtocolServiceDiscovery>;
  readonly secretStore: ServiceToken<ProtocolSecretStore>;
  readonly cacheService: ServiceToken<ProtocolCacheService>;
} = Object.freeze({
  eventBus: createServiceToken<ProtocolEventBus>("onex.spi.ProtocolEventBus"),
  databaseConnection: createServiceToken<ProtocolDatabaseConnection>("onex.spi.ProtocolDatabaseConnection"),
  idempotencyStore: createServiceToken<ProtocolIdempotencyStore>("onex.spi.ProtocolIdempotencyStore"),
  nodeRegistry: createServiceToken<ProtocolNodeRegistry>("onex.spi.ProtocolNodeRegistry"),
  serviceDiscovery: createServiceToken<ProtocolServiceDiscovery>("onex.spi.ProtocolServiceDiscovery"),
  secretStore: createServiceToken<ProtocolSecretStore>("onex.spi.ProtocolSecretStore"),
  cacheService: createServiceToken<ProtocolCacheService>("onex.spi.ProtocolCacheService"),
});
