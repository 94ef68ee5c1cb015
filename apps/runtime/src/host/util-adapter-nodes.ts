// The five service adapter nodes of infra, registered in the runtime's container for every handler that started: a
// node is a lazy singleton that serves its contract's operations through the handler bound in RegistryProtocolBinding.
import type { ModelONEXContainer } from "@onex/core";
import { RegistryInfraConsulAdapter, RegistryInfraKafkaAdapter, RegistryInfraPostgresAdapter, RegistryInfraValkeyAdapter, RegistryInfraVaultAdapter } from "@onex/infra";

interface AdapterRegistry {
  register(container: ModelONEXContainer, options?: { readonly replace?: boolean }): void;
}

/** Adapter node registry by the handler type it delegates to. */
export const ADAPTER_NODE_REGISTRIES: Readonly<Record<string, AdapterRegistry>> = Object.freeze({
  db: RegistryInfraPostgresAdapter,
  consul: RegistryInfraConsulAdapter,
  vault: RegistryInfraVaultAdapter,
  valkey: RegistryInfraValkeyAdapter,
  kafka: RegistryInfraKafkaAdapter,
});

/** Registers the adapter node of every started handler type that has one; returns those handler types. */
export function registerAdapterNodes(container: ModelONEXContainer, startedHandlerTypes: readonly string[]): string[] {
  const registered: string[] = [];
  for (const type of startedHandlerTypes) {
    const registry = ADAPTER_NODE_REGISTRIES[type];
    if (registry === undefined) continue;
    registry.register(container, { replace: true });
    registered.push(type);
  }
  return registered;
}
