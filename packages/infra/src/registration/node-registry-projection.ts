// ProtocolNodeRegistry over the registration projection: reads come from the projection store, writes go through
// the registration workflow (so a node registered through this API is in Consul and PostgreSQL like any other).
import { EnumCoreErrorCode, EnumNodeTypeSchema } from "@onex/core";
import type {
  ProtocolNodeRegistry,
  ProtocolNodeRegistryListOptions,
  ProtocolNodeRegistryRecord,
  ProtocolNodeRegistryRegistration,
} from "@onex/spi";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { RegistrationOutcome } from "./registration-ports.js";
import type { RegistrationProjectionRecord, RegistrationProjectionStore } from "./registration-projection-store.js";

/** What the registry writes through: the registration workflow. */
export interface NodeRegistryProjectionCommands {
  register(registration: ProtocolNodeRegistryRegistration): Promise<RegistrationOutcome>;
  heartbeat(nodeId: string): Promise<RegistrationOutcome>;
  deregister(nodeId: string): Promise<RegistrationOutcome>;
}

/** States the registry reports as not registered. */
const GONE = "deregistered";

function notFound(nodeId: string, operation: string, reason: string): RuntimeHostError {
  return new RuntimeHostError(`node "${nodeId}" is not registered (${reason})`, {
    errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND,
    status: 404,
    context: { transportType: EnumInfraTransportType.DATABASE, operation, targetName: "node_registry" },
    nodeId,
  });
}

/** The projection row as a ProtocolNodeRegistryRecord; the single endpoint is reported as `endpoints.default`. */
export function toNodeRegistryRecord(row: RegistrationProjectionRecord): ProtocolNodeRegistryRecord {
  return {
    nodeId: row.node_id,
    nodeName: row.node_name,
    nodeType: EnumNodeTypeSchema.parse(row.node_type),
    nodeVersion: row.node_version,
    endpoints: row.endpoint === null ? {} : { default: row.endpoint },
    capabilities: [...row.capabilities],
    metadata: { ...row.metadata },
    registrationState: row.registration_state,
    registeredAt: row.registered_at,
    lastHeartbeatAt: row.last_heartbeat_at,
  };
}

/**
 * {@link ProtocolNodeRegistry} backed by the registration projection. Deregistered nodes count as not registered
 * (absent from `getNode` and from `listNodes` unless that state is asked for). Without `commands` the registry
 * is read-only and its write methods reject with NOT_IMPLEMENTED.
 */
export class NodeRegistryProjection implements ProtocolNodeRegistry {
  readonly #reader: Pick<RegistrationProjectionStore, "get" | "list">;
  readonly #commands: NodeRegistryProjectionCommands | undefined;

  constructor(reader: Pick<RegistrationProjectionStore, "get" | "list">, commands?: NodeRegistryProjectionCommands) {
    this.#reader = reader;
    this.#commands = commands;
  }

  async registerNode(registration: ProtocolNodeRegistryRegistration): Promise<ProtocolNodeRegistryRecord> {
    await this.#write("registerNode").register(registration);
    const record = await this.getNode(registration.nodeId);
    if (record === null) throw notFound(registration.nodeId, "registerNode", "its registration was not stored");
    return record;
  }

  async heartbeat(nodeId: string): Promise<void> {
    const outcome = await this.#write("heartbeat").heartbeat(nodeId);
    if (outcome.outcome !== "heartbeat") throw notFound(nodeId, "heartbeat", outcome.reason ?? `state ${outcome.current_state ?? "unknown"}`);
  }

  async listNodes(options: ProtocolNodeRegistryListOptions = {}): Promise<readonly ProtocolNodeRegistryRecord[]> {
    const rows = await this.#reader.list({
      ...(options.registrationState === undefined ? {} : { registration_state: options.registrationState }),
      ...(options.nodeType === undefined ? {} : { node_type: options.nodeType }),
    });
    return rows.filter((row) => options.registrationState !== undefined || row.registration_state !== GONE).map(toNodeRegistryRecord);
  }

  async getNode(nodeId: string): Promise<ProtocolNodeRegistryRecord | null> {
    const row = await this.#reader.get(nodeId);
    return row === null || row.registration_state === GONE ? null : toNodeRegistryRecord(row);
  }

  async deregisterNode(nodeId: string): Promise<boolean> {
    const outcome = await this.#write("deregisterNode").deregister(nodeId);
    return outcome.outcome === "deregistered";
  }

  #write(operation: string): NodeRegistryProjectionCommands {
    if (this.#commands !== undefined) return this.#commands;
    throw new RuntimeHostError(`${operation}: this node registry is read-only`, {
      errorCode: EnumCoreErrorCode.NOT_IMPLEMENTED,
      context: { transportType: EnumInfraTransportType.RUNTIME, operation, targetName: "node_registry" },
    });
  }
}
