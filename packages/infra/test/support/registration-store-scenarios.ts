// The behaviour every RegistrationProjectionStore must have, run against each implementation (memory, PGlite, the
// real PostgreSQL).
import { describe, expect, it } from "vitest";
import type { RegistrationProjectionRecord, RegistrationProjectionStore } from "../../src/registration/registration-projection-store.js";

export function row(overrides: Partial<RegistrationProjectionRecord> = {}): RegistrationProjectionRecord {
  return {
    node_id: "n1",
    node_name: "postgres_adapter",
    node_type: "EFFECT_GENERIC",
    node_version: "1.0.0",
    endpoint: "http://10.0.0.5:8085",
    capabilities: ["db.query"],
    metadata: { zone: "eu-1", weight: 2 },
    registration_state: "active",
    last_heartbeat_at: "2030-01-01T00:00:00.000Z",
    registered_at: "2030-01-01T00:00:00.000Z",
    updated_at: "2030-01-01T00:00:00.000Z",
    sequence: 3,
    reducer_snapshot: { state_machine_name: "node_registration", state: "active", data: { node_id: "n1" }, history: [], version: 3 },
    ...overrides,
  };
}

/** Defines the store scenarios; `store()` returns a store over an empty projection for each test. */
export function defineProjectionStoreScenarios(name: string, store: () => Promise<RegistrationProjectionStore>): void {
  describe(`${name}: registration projection store`, () => {
    it("stores a row and reads it back unchanged", async () => {
      const s = await store();
      expect(await s.store(row())).toEqual({ applied: true, sequence: 3 });
      expect(await s.get("n1")).toEqual(row());
      expect(await s.get("n2")).toBeNull();
    });

    it("never lets the sequence go backwards and keeps the first registered_at", async () => {
      const s = await store();
      await s.store(row());
      expect(await s.store(row({ sequence: 3, registration_state: "failed" }))).toEqual({ applied: false, sequence: 3 });
      expect(await s.store(row({ sequence: 2, registration_state: "failed" }))).toEqual({ applied: false, sequence: 3 });
      expect(await s.store(row({ sequence: 5, registration_state: "expired", registered_at: "2031-01-01T00:00:00.000Z" }))).toEqual({ applied: true, sequence: 5 });
      expect(await s.get("n1")).toMatchObject({ registration_state: "expired", sequence: 5, registered_at: "2030-01-01T00:00:00.000Z" });
    });

    it("lists rows by state, node type and heartbeat age, ordered by node id", async () => {
      const s = await store();
      await s.store(row({ node_id: "n3", last_heartbeat_at: "2030-01-01T00:00:10.000Z" }));
      await s.store(row({ node_id: "n1", last_heartbeat_at: "2030-01-01T00:00:00.000Z" }));
      await s.store(row({ node_id: "n2", registration_state: "failed", node_type: "COMPUTE_GENERIC" }));
      await s.store(row({ node_id: "n4", last_heartbeat_at: "2030-01-01T00:01:00.000Z" }));
      const ids = async (filter: Parameters<RegistrationProjectionStore["list"]>[0]): Promise<string[]> => (await s.list(filter)).map((r) => r.node_id);
      expect(await ids({})).toEqual(["n1", "n2", "n3", "n4"]);
      expect(await ids({ registration_state: "active", heartbeat_before: "2030-01-01T00:00:30.000Z" })).toEqual(["n1", "n3"]);
      expect(await ids({ node_type: "COMPUTE_GENERIC" })).toEqual(["n2"]);
      expect(await ids({ limit: 2 })).toEqual(["n1", "n2"]);
    });

    it("expires an active row only while its heartbeat is older than the cutoff and its sequence older", async () => {
      const s = await store();
      await s.store(row());
      const expired = row({ registration_state: "expired", sequence: 4, updated_at: "2030-01-01T00:01:00.000Z" });
      expect(await s.expire(expired, "2029-12-31T23:59:00.000Z")).toBe(false);
      expect(await s.expire(row({ registration_state: "expired", sequence: 3 }), "2030-01-01T00:00:30.000Z")).toBe(false);
      expect(await s.expire(expired, "2030-01-01T00:00:30.000Z")).toBe(true);
      expect(await s.get("n1")).toMatchObject({ registration_state: "expired", sequence: 4, last_heartbeat_at: "2030-01-01T00:00:00.000Z" });
      expect(await s.expire(row({ registration_state: "expired", sequence: 5 }), "2030-01-01T00:00:30.000Z")).toBe(false);
    });

    it("upserts the description of a new node as registering, and of a known node without touching its state", async () => {
      const s = await store();
      const description = { node_id: "n7", node_name: "vault_adapter", node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: "http://x:1", capabilities: ["a"], metadata: {} };
      await s.upsertDescription(description, "2030-01-01T00:00:00.000Z");
      expect(await s.get("n7")).toMatchObject({ registration_state: "registering", sequence: 0, reducer_snapshot: null, registered_at: "2030-01-01T00:00:00.000Z" });
      await s.store(row({ node_id: "n7", sequence: 3 }));
      await s.upsertDescription({ ...description, node_version: "2.0.0" }, "2030-01-02T00:00:00.000Z");
      expect(await s.get("n7")).toMatchObject({ node_version: "2.0.0", registration_state: "active", sequence: 3, updated_at: "2030-01-02T00:00:00.000Z" });
    });
  });
}
