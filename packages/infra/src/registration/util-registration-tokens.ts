// Container tokens through which the registration nodes find their dependencies and each other. The protocol
// tokens are the shared `ProtocolServiceTokens`, so a runtime-registered bus is found as is.
import { createServiceToken, type ServiceToken } from "@onex/core";
import type { ProtocolDatabaseConnection, ProtocolEffectNode, ProtocolEventBus, ProtocolServiceDiscovery } from "@onex/spi";
import { ProtocolServiceTokens } from "../wiring/protocol-service-tokens.js";
import type { RegistrationOrchestratorPort, RegistrationReducerPort, RegistrationSettings } from "./registration-ports.js";
import type { RegistrationProjectionStore } from "./registration-projection-store.js";

/** Container tokens of the registration workflow. */
export const RegistrationServiceTokens: {
  readonly eventBus: ServiceToken<ProtocolEventBus>;
  readonly databaseConnection: ServiceToken<ProtocolDatabaseConnection>;
  readonly serviceDiscovery: ServiceToken<ProtocolServiceDiscovery>;
  readonly projectionStore: ServiceToken<RegistrationProjectionStore>;
  readonly settings: ServiceToken<RegistrationSettings>;
  readonly reducer: ServiceToken<RegistrationReducerPort>;
  readonly registryEffect: ServiceToken<ProtocolEffectNode>;
  readonly storageEffect: ServiceToken<ProtocolEffectNode>;
  readonly discoveryEffect: ServiceToken<ProtocolEffectNode>;
  readonly orchestrator: ServiceToken<RegistrationOrchestratorPort>;
} = Object.freeze({
  eventBus: ProtocolServiceTokens.eventBus,
  databaseConnection: ProtocolServiceTokens.databaseConnection,
  serviceDiscovery: ProtocolServiceTokens.serviceDiscovery,
  projectionStore: createServiceToken<RegistrationProjectionStore>("onex.infra.registration.projection_store"),
  settings: createServiceToken<RegistrationSettings>("onex.infra.registration.settings"),
  reducer: createServiceToken<RegistrationReducerPort>("onex.infra.registration.node_registration_reducer"),
  registryEffect: createServiceToken<ProtocolEffectNode>("onex.infra.registration.node_registry_effect"),
  storageEffect: createServiceToken<ProtocolEffectNode>("onex.infra.registration.node_registration_storage_effect"),
  discoveryEffect: createServiceToken<ProtocolEffectNode>("onex.infra.registration.node_service_discovery_effect"),
  orchestrator: createServiceToken<RegistrationOrchestratorPort>("onex.infra.registration.node_registration_orchestrator"),
});
