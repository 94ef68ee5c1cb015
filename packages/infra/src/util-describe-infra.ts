import { EnumNodeType } from "@onex/core";
import type { ProtocolHealthCheck } from "@onex/spi";

/** Names the archetypes infra builds nodes for; a placeholder until the adapters land. */
export function describeInfra(): { archetypes: readonly string[]; health: ProtocolHealthCheck["health"] } {
  return {
    archetypes: Object.values(EnumNodeType),
    health: () => Promise.resolve({ healthy: true, details: {} }),
  };
}
