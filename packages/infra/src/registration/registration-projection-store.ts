// The registration projection: one row per node (table `onex_node_registrations`), written by two effects with a
// split ownership of columns. The registry effect upserts the node's description (its "registration in
// PostgreSQL"); the storage effect stores the workflow state (state, heartbeat, reducer snapshot) guarded by the
// sequence, which never goes backwards. Both implementations (PostgreSQL, memory) keep exactly these semantics.

/** A node's row of the projection. Times are ISO-8601 strings. */
export interface RegistrationProjectionRecord {
  readonly node_id: string;
  readonly node_name: string;
  readonly node_type: string;
  readonly node_version: string;
  readonly endpoint: string | null;
  readonly capabilities: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly registration_state: string;
  readonly last_heartbeat_at: string | null;
  /** When the node was first seen (first write of its row); kept by every later write. */
  readonly registered_at: string;
  readonly updated_at: string;
  /** Transitions applied to the node's FSM; a write with a sequence that is not newer is refused. */
  readonly sequence: number;
  /** The reducer snapshot the state was derived from (NodeReducerSnapshot), or null. */
  readonly reducer_snapshot: Readonly<Record<string, unknown>> | null;
}

/** The description columns, owned by the registry effect. */
export type RegistrationNodeDescription = Pick<
  RegistrationProjectionRecord,
  "node_id" | "node_name" | "node_type" | "node_version" | "endpoint" | "capabilities" | "metadata"
>;

/** Filter of {@link RegistrationProjectionStore.list}; all conditions must hold. */
export interface RegistrationProjectionListFilter {
  readonly registration_state?: string | undefined;
  readonly node_type?: string | undefined;
  /** Only rows whose last heartbeat is older than this ISO-8601 time (or that never had one). */
  readonly heartbeat_before?: string | undefined;
  /** At most this many rows (ordered by node_id); 1000 by default. */
  readonly limit?: number | undefined;
}

/** Outcome of {@link RegistrationProjectionStore.store}. */
export interface RegistrationProjectionStoreResult {
  /** False when the stored sequence was already at least as new (a replay or an out-of-order write). */
  readonly applied: boolean;
  /** The sequence stored after the call. */
  readonly sequence: number;
}

/** Storage of the registration projection. */
export interface RegistrationProjectionStore {
  get(nodeId: string): Promise<RegistrationProjectionRecord | null>;
  /** Rows matching `filter`, ordered by node_id. */
  list(filter?: RegistrationProjectionListFilter): Promise<RegistrationProjectionRecord[]>;
  /** Inserts or replaces the row when `record.sequence` is newer than the stored one; `registered_at` is kept. */
  store(record: RegistrationProjectionRecord): Promise<RegistrationProjectionStoreResult>;
  /**
   * Compare-and-set to `record` (an `expired` row) only while the stored row is `active`, older in sequence and its
   * last heartbeat is before `heartbeatBefore`: a heartbeat stored in between wins. Resolves to whether it applied.
   */
  expire(record: RegistrationProjectionRecord, heartbeatBefore: string): Promise<boolean>;
  /**
   * Inserts the node's row in state `registering` with sequence 0, or updates only the description columns of an
   * existing row (state, heartbeat, sequence and snapshot are the storage effect's). `at` is the write time.
   */
  upsertDescription(description: RegistrationNodeDescription, at: string): Promise<void>;
}

/** Default table of the projection. */
export const DEFAULT_NODE_REGISTRATIONS_TABLE = "onex_node_registrations";

/** Default and largest `limit` of a list. */
export const REGISTRATION_LIST_DEFAULT_LIMIT = 1000;
export const REGISTRATION_LIST_MAX_LIMIT = 10_000;
