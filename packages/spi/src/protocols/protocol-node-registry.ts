import type { EnumNodeType } from "@onex/core";

/**
 * A node announcing itself to the registry.
 *
 * @category Protocols
 */
export interface ProtocolNodeRegistryRegistration {
  /** Unique id of the node instance. */
  readonly nodeId: string;
  /** Contract name of the node (e.g. `"postgres_adapter"`). */
  readonly nodeName: string;
  /** The node's archetype. */
  readonly nodeType: EnumNodeType;
  /** Semver of the node (`node_version` of its contract). */
  readonly nodeVersion: string;
  /** Named endpoints (e.g. `{ health: "http://10.0.0.5:8085/health" }`). */
  readonly endpoints?: Readonly<Record<string, string>> | undefined;
  /** Operations or capabilities the node offers (e.g. `["db.query"]`). */
  readonly capabilities?: readonly string[] | undefined;
  /** JSON-safe free metadata; never secrets. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A node as the registry knows it.
 *
 * @typeParam TState - the registration states; the state names of the registration reducer's state machine.
 * @category Protocols
 */
export interface ProtocolNodeRegistryRecord<TState extends string = string> {
  /** Unique id of the node instance. */
  readonly nodeId: string;
  /** Contract name of the node. */
  readonly nodeName: string;
  /** The node's archetype. */
  readonly nodeType: EnumNodeType;
  /** Semver of the node. */
  readonly nodeVersion: string;
  /** Named endpoints. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Operations or capabilities the node offers. */
  readonly capabilities: readonly string[];
  /** JSON-safe free metadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Where the node is in the registration workflow (e.g. `"pending"`, `"registered"`, `"failed"`). */
  readonly registrationState: TState;
  /** ISO-8601 time of the first registration. */
  readonly registeredAt: string;
  /** ISO-8601 time of the last heartbeat, or `null` before the first one. */
  readonly lastHeartbeatAt: string | null;
}

/**
 * Filter of {@link ProtocolNodeRegistry.listNodes}.
 *
 * @category Protocols
 */
export interface ProtocolNodeRegistryListOptions<TState extends string = string> {
  /** Only nodes of this archetype. */
  readonly nodeType?: EnumNodeType | undefined;
  /** Only nodes in this registration state. */
  readonly registrationState?: TState | undefined;
}

/**
 * The registry of running nodes and their registration state (backed by PostgreSQL and Consul in production).
 *
 * @typeParam TState - the registration states.
 * @category Protocols
 */
export interface ProtocolNodeRegistry<TState extends string = string> {
  /** Registers a node, or updates its description when `nodeId` is known; resolves to the stored record. */
  registerNode(registration: ProtocolNodeRegistryRegistration): Promise<ProtocolNodeRegistryRecord<TState>>;

  /** Records that `nodeId` is alive now. Rejects with a not-found error naming the id when it is not registered. */
  heartbeat(nodeId: string): Promise<void>;

  /** Registered nodes matching `options`, ordered by `nodeId`. */
  listNodes(options?: ProtocolNodeRegistryListOptions<TState>): Promise<readonly ProtocolNodeRegistryRecord<TState>[]>;

  /** The node `nodeId`, or `null` when it is not registered. */
  getNode(nodeId: string): Promise<ProtocolNodeRegistryRecord<TState> | null>;

  /** Removes `nodeId`; resolves to whether it was registered. */
  deregisterNode(nodeId: string): Promise<boolean>;
}
