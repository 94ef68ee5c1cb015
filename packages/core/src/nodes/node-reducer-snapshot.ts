/**
 * The serialisable state of a {@link NodeReducer}: what `snapshot()` returns and `restore()` accepts.
 * @module
 */
import { z } from "zod";

/**
 * One applied transition. History entries carry a sequence number, not a time: a reducer has no clock.
 *
 * @category Nodes
 */
export const NodeReducerSnapshotHistoryEntry = z.object({
  /** 1-based number of the transition in the reducer's life (equals the snapshot `version` after it). */
  sequence: z.number().int().positive(),
  /** State before. */
  from_state: z.string().min(1),
  /** State after. */
  to_state: z.string().min(1),
  /** Trigger applied. */
  trigger: z.string().min(1),
  /** Correlation id of the input that caused it. */
  correlation_id: z.string().min(1),
  /** Non-required conditions that were false (recorded, did not block the transition). */
  advisory_failures: z.array(z.string()).default([]),
});

/** One applied transition. @category Nodes */
export type NodeReducerSnapshotHistoryEntry = z.infer<typeof NodeReducerSnapshotHistoryEntry>;

/**
 * A reducer's state: current FSM state, accumulated data, recent history and version (transitions applied so far).
 *
 * @category Nodes
 */
export const NodeReducerSnapshot = z.object({
  /** Name of the state machine the snapshot belongs to; `restore` refuses another machine's snapshot. */
  state_machine_name: z.string().min(1),
  /** Current state. */
  state: z.string().min(1),
  /** Accumulated data. */
  data: z.record(z.string(), z.unknown()),
  /** Most recent transitions, oldest first (bounded). */
  history: z.array(NodeReducerSnapshotHistoryEntry),
  /** Number of transitions applied since the initial state. */
  version: z.number().int().min(0),
});

/** A reducer snapshot. @category Nodes */
export type NodeReducerSnapshot = z.infer<typeof NodeReducerSnapshot>;
