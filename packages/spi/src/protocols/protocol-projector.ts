import type { ModelEventEnvelope } from "@onex/core";

/**
 * One event to project, with its position in its entity's stream.
 *
 * @category Protocols
 */
export interface ProtocolProjectorInput<TEvent> {
  /** Id of the entity (aggregate) the event belongs to. */
  readonly entityId: string;
  /** Position of the event in the entity's stream; strictly increasing per entity. */
  readonly sequence: number;
  /** The event. */
  readonly event: TEvent;
}

/**
 * Outcome of {@link ProtocolProjector.project}.
 *
 * @category Protocols
 */
export interface ProtocolProjectorResult {
  /** `false` when the event was skipped because its sequence was not newer than the last one applied. */
  readonly applied: boolean;
  /** Last sequence applied for the entity after this call. */
  readonly lastSequence: number;
}

/**
 * Write side of a projection: applies events to the projection's state, idempotently by sequence (an event whose
 * sequence is not newer than the entity's last applied one is skipped, so redelivery is harmless).
 *
 * @typeParam TEvent - the event type; envelopes by default.
 * @category Protocols
 */
export interface ProtocolProjector<TEvent = ModelEventEnvelope> {
  /** Name of the projection this projector maintains (table or key space). */
  readonly projectionName: string;

  /** Applies `input.event` to the entity's projection unless its sequence was already applied. */
  project(input: ProtocolProjectorInput<TEvent>): Promise<ProtocolProjectorResult>;

  /** Last sequence applied for `entityId`, or `null` when nothing was projected for it yet. */
  lastSequence(entityId: string): Promise<number | null>;
}
