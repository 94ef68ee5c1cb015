import { z } from "zod";
import { EnumTransactionStateSchema } from "../enums/enum-transaction-state.js";

/**
 * One step of an effect transaction; `applied` steps are undone in reverse order on rollback.
 *
 * @category Models
 */
export const ModelEffectTransactionStep = z.object({
  /** Unique id of the step in its transaction. */
  step_id: z.string().min(1),
  /** Operation the step ran. */
  operation: z.string().min(1),
  /** Arguments of the operation (what a rollback needs to undo it). */
  payload: z.record(z.string(), z.unknown()),
  /** Whether the operation took effect. */
  applied: z.boolean(),
});

/** A transaction step. @category Models */
export type ModelEffectTransactionStep = z.infer<typeof ModelEffectTransactionStep>;

/**
 * A multi-step effect run as a unit: committed when every step applied, rolled back otherwise.
 *
 * @category Models
 */
export const ModelEffectTransaction = z.object({
  /** Unique id of the transaction. */
  transaction_id: z.string().min(1),
  /** Where the transaction stands. */
  state: EnumTransactionStateSchema,
  /** Steps in execution order. */
  steps: z.array(ModelEffectTransactionStep).default([]),
});

/** An effect transaction. @category Models */
export type ModelEffectTransaction = z.infer<typeof ModelEffectTransaction>;
