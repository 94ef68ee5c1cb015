// What the registration nodes see of each other. A node never imports another node's folder: it resolves its peers
// from the container (RegistrationServiceTokens) and talks to them through these shapes, the spi protocols
// (ProtocolEffectNode for the three effects) or both. The nodes' generated models satisfy these shapes.
import type { ModelEventEnvelope } from "@onex/core";

/** A trigger for one node's registration FSM, with the node's last snapshot (null or absent for a new node). */
export interface RegistrationReducerPortInput {
  readonly trigger: string;
  readonly data?: Readonly<Record<string, unknown>> | undefined;
  readonly correlation_id?: string | undefined;
  readonly snapshot?: Readonly<Record<string, unknown>> | null | undefined;
}

/** An intent emitted by the registration reducer. */
export interface RegistrationReductionIntent {
  readonly intent_type: string;
  readonly target: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The result of one trigger: the transition, its intents and the snapshot to persist. */
export interface RegistrationReduction {
  readonly previous_state: string;
  readonly current_state: string;
  readonly trigger: string;
  readonly intents: readonly RegistrationReductionIntent[];
  readonly is_terminal: boolean;
  readonly data: Readonly<Record<string, unknown>>;
  readonly correlation_id: string;
  /** Transitions applied in the node's life: the projection's sequence. */
  readonly sequence: number;
  readonly snapshot: Readonly<Record<string, unknown>>;
}

/** The registration reducer as the orchestrator uses it: pure, one trigger at a time, state passed in and out. */
export interface RegistrationReducerPort {
  process(input: RegistrationReducerPortInput): Promise<RegistrationReduction>;
  /** The states that accept no trigger. */
  readonly terminalStates: readonly string[];
  /** A snapshot of a new lifecycle (initial state, no data) continuing the sequence at `sequence`. */
  initialSnapshot(sequence: number): Readonly<Record<string, unknown>>;
}

/** What happened to one node in one call of the workflow. */
export interface RegistrationOutcome {
  readonly node_id: string;
  /**
   * `registered` (now active), `failed` (a backend refused after retries), `duplicate` (already active with the same
   * description: nothing done), `announced` (node.registered published for an active node whose event was
   * pending), `heartbeat`, `expired`, `deregistered`, or `ignored` (the trigger does not apply; see `reason`).
   */
  readonly outcome: "registered" | "failed" | "duplicate" | "announced" | "heartbeat" | "expired" | "deregistered" | "ignored";
  readonly previous_state: string | null;
  readonly current_state: string | null;
  readonly sequence: number | null;
  /** Whether node.registered was published by this call. */
  readonly published: boolean;
  readonly consul_registered: boolean | null;
  readonly postgres_upserted: boolean | null;
  /** Whether discovery confirmed a deregistration done by this call (`expired`, `deregistered`); null otherwise. */
  readonly discovery_deregistered: boolean | null;
  readonly reason: string | null;
  readonly correlation_id: string;
}

/** The registration orchestrator as the workflow facade and the expiry tick use it. */
export interface RegistrationOrchestratorPort {
  /** Runs the registration workflow for a `node.introspection` envelope. */
  handleIntrospection(envelope: ModelEventEnvelope): Promise<RegistrationOutcome>;
  /** Records a `node.heartbeat` envelope for an active node. */
  handleHeartbeat(envelope: ModelEventEnvelope): Promise<RegistrationOutcome>;
  /** Expires `nodeId` when it is active and its last heartbeat is older than `heartbeatBefore` (ISO-8601). */
  expireNode(nodeId: string, heartbeatBefore: string, correlationId?: string): Promise<RegistrationOutcome>;
  /** Retries the registration of a `failed` node, for the backends that have not acknowledged it. */
  retryRegistration(nodeId: string, correlationId?: string): Promise<RegistrationOutcome>;
  /** Deregisters `nodeId` (terminal) and removes it from discovery. */
  deregisterNode(nodeId: string, correlationId?: string): Promise<RegistrationOutcome>;
}

/** Settings shared by the registration nodes. */
export interface RegistrationSettings {
  /** Environment segment of the topic names (`{env}` in the contracts), e.g. `dev`. */
  readonly env: string;
  /** A node without a heartbeat for this long is expired by the tick. */
  readonly heartbeatTimeoutMs: number;
  /** Clock of the workflow (heartbeat and registration times); the reducer itself has none. */
  readonly now: () => Date;
}
