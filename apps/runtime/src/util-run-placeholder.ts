import { describeInfra } from "@onex/infra";

/** Starts and stops cleanly; the runtime host replaces it. */
export async function runPlaceholder(log: (line: string) => void): Promise<number> {
  const infra = describeInfra();
  const health = await infra.health();
  log(`onex-runtime: archetypes ${infra.archetypes.join(", ")}; healthy=${String(health.healthy)}`);
  return 0;
}
