// Reading well-known facts out of the free-form `details` of health results: consumer lag (in-memory bus:
// `groups[]`, Kafka bus: `subscriptions[]`) and circuit states (`circuitState`, or `circuit.state`).
import type { ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import type { CircuitStateSample } from "./runtime-metrics.js";

const LagItem = z.object({ topic: z.string(), groupId: z.string(), lag: z.number().nullable() });
const LagDetails = z.object({ groups: z.array(z.unknown()).optional(), subscriptions: z.array(z.unknown()).optional() });
const CircuitState = z.enum(["closed", "open", "half_open"]);
const CircuitDetails = z.object({
  circuitState: CircuitState.optional(),
  circuit: z.object({ name: z.string().optional(), state: CircuitState }).optional(),
});

/** Consumer lag of `groupId` on `topic` reported by a bus's health details (0 when not reported). */
export function consumerLagFromHealth(health: ProtocolHealthCheckResult, topic: string, groupId: string): number {
  const parsed = LagDetails.safeParse(health.details);
  if (!parsed.success) return 0;
  let lag = 0;
  for (const item of [...(parsed.data.groups ?? []), ...(parsed.data.subscriptions ?? [])]) {
    const entry = LagItem.safeParse(item);
    if (!entry.success || entry.data.topic !== topic) continue;
    // Kafka's bus may prefix group ids; match by suffix.
    if (entry.data.groupId === groupId || entry.data.groupId.endsWith(`.${groupId}`)) lag += entry.data.lag ?? 0;
  }
  return lag;
}

/** The circuit state a component reports in its health details, if any. */
export function circuitFromHealth(name: string, health: ProtocolHealthCheckResult): CircuitStateSample | null {
  const parsed = CircuitDetails.safeParse(health.details);
  if (!parsed.success) return null;
  if (parsed.data.circuit !== undefined) return { name: parsed.data.circuit.name ?? name, state: parsed.data.circuit.state };
  if (parsed.data.circuitState !== undefined) return { name, state: parsed.data.circuitState };
  return null;
}

/** Resolves a health check within `timeoutMs`; a rejection or a timeout is reported as unhealthy. */
export async function boundedHealth(check: () => Promise<ProtocolHealthCheckResult>, timeoutMs: number): Promise<ProtocolHealthCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProtocolHealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ healthy: false, details: { reason: `health check did not answer within ${timeoutMs} ms` } }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => ({ healthy: false, details: { reason: error instanceof Error ? error.message : "health check failed" } })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves `true` when `work` settles before `deadline` (epoch ms), `false` otherwise. */
export async function withinDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  const remaining = Math.max(0, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), remaining);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
