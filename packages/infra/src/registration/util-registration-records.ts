// Conversions between the reducer's data, the projection row and the node's description, shared by the
// orchestrator and the node registry. Plain functions over plain data.
import { canonicalJson } from "@onex/core";
import type { RegistrationReduction } from "./registration-ports.js";
import type { RegistrationNodeDescription, RegistrationProjectionRecord } from "./registration-projection-store.js";

/** States the workflow persists at rest. A stored state outside this set (or a terminal one) starts a new lifecycle. */
export const STABLE_REGISTRATION_STATES: ReadonlySet<string> = new Set(["active", "failed", "expired"]);

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item): item is string => typeof item === "string") ? [...value] : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : undefined;
}

/** The description in reducer `data`, each missing field taken from `fallback` (the stored row); null when incomplete. */
export function descriptionFromData(data: Readonly<Record<string, unknown>>, fallback: Partial<RegistrationNodeDescription> | null = null): RegistrationNodeDescription | null {
  const nodeId = text(data["node_id"]) ?? fallback?.node_id;
  const nodeName = text(data["node_name"]) ?? fallback?.node_name;
  const nodeType = text(data["node_type"]) ?? fallback?.node_type;
  const nodeVersion = text(data["node_version"]) ?? fallback?.node_version;
  if (nodeId === undefined || nodeName === undefined || nodeType === undefined || nodeVersion === undefined) return null;
  return {
    node_id: nodeId,
    node_name: nodeName,
    node_type: nodeType,
    node_version: nodeVersion,
    endpoint: text(data["endpoint"]) ?? fallback?.endpoint ?? null,
    capabilities: strings(data["capabilities"]) ?? [...(fallback?.capabilities ?? [])],
    metadata: record(data["metadata"]) ?? { ...fallback?.metadata },
  };
}

/** Whether two descriptions register the same thing (capability order and metadata key order do not matter). */
export function sameDescription(a: RegistrationNodeDescription, b: RegistrationNodeDescription): boolean {
  const key = (d: RegistrationNodeDescription): string =>
    canonicalJson({ ...d, capabilities: [...new Set(d.capabilities)].sort() });
  return key(a) === key(b);
}

/**
 * The projection row for a reduction: description from its data (or the stored row), state and sequence from the
 * reduction, the reducer snapshot. `registered_at` is the first-seen time (the stores keep an existing one).
 */
export function projectionFromReduction(
  reduction: RegistrationReduction,
  stored: Partial<RegistrationProjectionRecord> | null,
  now: string,
): RegistrationProjectionRecord | null {
  const description = descriptionFromData(reduction.data, stored);
  if (description === null) return null;
  return {
    ...description,
    registration_state: reduction.current_state,
    last_heartbeat_at: text(reduction.data["last_heartbeat_at"]) ?? stored?.last_heartbeat_at ?? null,
    registered_at: stored?.registered_at ?? text(reduction.data["registered_at"]) ?? now,
    updated_at: now,
    sequence: reduction.sequence,
    reducer_snapshot: { ...reduction.snapshot },
  };
}
