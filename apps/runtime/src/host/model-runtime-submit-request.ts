import { z } from "zod";

/** Body of `POST /api/v1/envelopes`: a command to publish on the input topic, optionally awaited. */
export const ModelRuntimeSubmitRequest = z.strictObject({
  /** Dotted lowercase operation, e.g. `db.query`; its prefix selects the handler. */
  operation: z.string().min(3).max(256),
  /** Input of the operation. */
  payload: z.record(z.string(), z.unknown()).default({}),
  /** Correlation id to propagate; a new UUIDv4 when absent. */
  correlation_id: z.string().min(1).max(256).optional(),
  /** Envelope id to use, so a client's retry of the same command is processed once; a new UUIDv4 when absent. */
  envelope_id: z.uuid().optional(),
  /** Wait for the response envelope instead of answering 202 at once. */
  wait: z.boolean().default(false),
  /** Longest wait in milliseconds (bounded by the hub's maximum). */
  timeout_ms: z.number().int().min(1).max(600_000).optional(),
});
export type ModelRuntimeSubmitRequest = z.infer<typeof ModelRuntimeSubmitRequest>;
export type ModelRuntimeSubmitRequestInput = z.input<typeof ModelRuntimeSubmitRequest>;
