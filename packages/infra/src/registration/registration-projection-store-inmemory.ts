// The registration projection kept in this process, with the same semantics as the PostgreSQL store (sequence guard,
// compare-and-set expiry, description-only upsert). For tests and single-process embedded use; nothing survives a
// restart.
import {
  REGISTRATION_LIST_DEFAULT_LIMIT,
  REGISTRATION_LIST_MAX_LIMIT,
  type RegistrationNodeDescription,
  type RegistrationProjectionListFilter,
  type RegistrationProjectionRecord,
  type RegistrationProjectionStore,
  type RegistrationProjectionStoreResult,
} from "./registration-projection-store.js";

const copy = (record: RegistrationProjectionRecord): RegistrationProjectionRecord => structuredClone(record);

/** {@link RegistrationProjectionStore} in memory. */
export class RegistrationProjectionStoreInmemory implements RegistrationProjectionStore {
  readonly #rows = new Map<string, RegistrationProjectionRecord>();

  get(nodeId: string): Promise<RegistrationProjectionRecord | null> {
    const row = this.#rows.get(nodeId);
    return Promise.resolve(row === undefined ? null : copy(row));
  }

  list(filter: RegistrationProjectionListFilter = {}): Promise<RegistrationProjectionRecord[]> {
    const limit = Math.min(Math.max(1, filter.limit ?? REGISTRATION_LIST_DEFAULT_LIMIT), REGISTRATION_LIST_MAX_LIMIT);
    const before = filter.heartbeat_before === undefined ? undefined : Date.parse(filter.heartbeat_before);
    const rows = [...this.#rows.values()]
      .filter((row) => filter.registration_state === undefined || row.registration_state === filter.registration_state)
      .filter((row) => filter.node_type === undefined || row.node_type === filter.node_type)
      .filter((row) => before === undefined || row.last_heartbeat_at === null || Date.parse(row.last_heartbeat_at) < before)
      .sort((a, b) => (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0))
      .slice(0, limit)
      .map(copy);
    return Promise.resolve(rows);
  }

  store(record: RegistrationProjectionRecord): Promise<RegistrationProjectionStoreResult> {
    const current = this.#rows.get(record.node_id);
    if (current !== undefined && current.sequence >= record.sequence) return Promise.resolve({ applied: false, sequence: current.sequence });
    this.#rows.set(record.node_id, copy({ ...record, registered_at: current?.registered_at ?? record.registered_at }));
    return Promise.resolve({ applied: true, sequence: record.sequence });
  }

  expire(record: RegistrationProjectionRecord, heartbeatBefore: string): Promise<boolean> {
    const current = this.#rows.get(record.node_id);
    const stale = current?.last_heartbeat_at === null || (current !== undefined && current.last_heartbeat_at !== null && Date.parse(current.last_heartbeat_at) < Date.parse(heartbeatBefore));
    if (current === undefined || current.registration_state !== "active" || current.sequence >= record.sequence || !stale) return Promise.resolve(false);
    this.#rows.set(record.node_id, {
      ...current,
      registration_state: record.registration_state,
      updated_at: record.updated_at,
      sequence: record.sequence,
      reducer_snapshot: record.reducer_snapshot === null ? null : structuredClone(record.reducer_snapshot),
    });
    return Promise.resolve(true);
  }

  upsertDescription(description: RegistrationNodeDescription, at: string): Promise<void> {
    const current = this.#rows.get(description.node_id);
    const fields = { ...structuredClone(description), updated_at: at };
    this.#rows.set(
      description.node_id,
      current === undefined
        ? { ...fields, registration_state: "registering", last_heartbeat_at: null, registered_at: at, sequence: 0, reducer_snapshot: null }
        : { ...current, ...fields },
    );
    return Promise.resolve();
  }

  /** Number of rows (for tests and health details). */
  get size(): number {
    return this.#rows.size;
  }
}
