// The runtime's periodic tick over the registration projection: expire active nodes whose heartbeat stopped (the
// reducer's heartbeat_timeout, stored by the storage effect, then removed from discovery) and retry failed
// registrations. One node's failure is reported and the sweep goes on.
import { ModelOnexError } from "@onex/core";
import type { ProtocolEffectNode } from "@onex/spi";
import { z } from "zod";
import type { RegistrationOrchestratorPort, RegistrationOutcome } from "./registration-ports.js";
import { effectResult } from "./util-registration-outcomes.js";

/** What a sweep needs: the storage effect (to list candidates) and the orchestrator (to act on each). */
export interface RegistrationSweepDependencies {
  readonly storage: ProtocolEffectNode;
  readonly orchestrator: RegistrationOrchestratorPort;
}

/** What a sweep did. */
export interface RegistrationSweepReport {
  /** Nodes listed as candidates. */
  readonly examined: number;
  /** One outcome per candidate that was handled (including `ignored` ones). */
  readonly outcomes: readonly RegistrationOutcome[];
  /** Candidates whose handling failed (the next tick tries again). */
  readonly errors: readonly { readonly node_id: string; readonly error_code: string; readonly message: string }[];
}

const Listed = z.object({ projections: z.array(z.object({ node_id: z.string() })) });

async function candidates(storage: ProtocolEffectNode, payload: Record<string, unknown>, correlationId: string): Promise<string[]> {
  const output = await storage.process({ operation: "registration.list", payload, correlation_id: correlationId });
  return effectResult(output, Listed, "registration.list").projections.map((p) => p.node_id);
}

async function sweep(nodeIds: readonly string[], act: (nodeId: string) => Promise<RegistrationOutcome>): Promise<RegistrationSweepReport> {
  const outcomes: RegistrationOutcome[] = [];
  const errors: { node_id: string; error_code: string; message: string }[] = [];
  for (const nodeId of nodeIds) {
    try {
      outcomes.push(await act(nodeId));
    } catch (error) {
      const onex = ModelOnexError.fromUnknown(error);
      errors.push({ node_id: nodeId, error_code: onex.errorCode, message: onex.message });
    }
  }
  return { examined: nodeIds.length, outcomes, errors };
}

/**
 * Moves every active node whose last heartbeat is older than `now - timeoutMs` to `expired` and removes it from
 * discovery. A heartbeat stored between the listing and the expiry wins (the node stays active).
 */
export async function expireStaleNodes(
  deps: RegistrationSweepDependencies,
  now: Date,
  timeoutMs: number,
  correlationId: string = crypto.randomUUID(),
): Promise<RegistrationSweepReport> {
  const heartbeatBefore = new Date(now.getTime() - timeoutMs).toISOString();
  const nodeIds = await candidates(deps.storage, { registration_state: "active", heartbeat_before: heartbeatBefore }, correlationId);
  return sweep(nodeIds, (nodeId) => deps.orchestrator.expireNode(nodeId, heartbeatBefore, correlationId));
}

/** Retries the registration of every `failed` node, for the backends that have not acknowledged it yet. */
export async function retryFailedRegistrations(deps: RegistrationSweepDependencies, correlationId: string = crypto.randomUUID()): Promise<RegistrationSweepReport> {
  const nodeIds = await candidates(deps.storage, { registration_state: "failed" }, correlationId);
  return sweep(nodeIds, (nodeId) => deps.orchestrator.retryRegistration(nodeId, correlationId));
}
