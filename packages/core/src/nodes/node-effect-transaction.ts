/**
 * Transactions of {@link NodeEffect}: steps applied in order; on a failure the applied steps are rolled back in
 * reverse order, and rollback failures are reported, never swallowed.
 * @module
 */
import { z } from "zod";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumTransactionState } from "../enums/enum-transaction-state.js";
import { ModelOnexError, type ModelOnexErrorJson } from "../errors/model-onex-error.js";
import type { ModelEffectTransaction } from "../models/model-effect-transaction.js";

/**
 * One step of {@link NodeEffect.executeTransaction}: an operation and, optionally, the operation undoing it.
 *
 * @category Nodes
 */
export const NodeEffectTransactionStepInput = z.object({
  /** Id of the step; `step-<index>` when absent. Must be unique within the transaction. */
  step_id: z.string().min(1).optional(),
  /** Operation to apply. */
  operation: z.string().min(1),
  /** Its payload. */
  payload: z.record(z.string(), z.unknown()).default({}),
  /** Operation undoing it; a step without one cannot be rolled back (reported in `steps_without_rollback`). */
  rollback: z
    .object({
      operation: z.string().min(1),
      payload: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
});

/** A transaction step as given to `executeTransaction`. @category Nodes */
export type NodeEffectTransactionStepInput = z.input<typeof NodeEffectTransactionStepInput>;

/** A failed rollback, as reported in the transaction error's context. @category Nodes */
export interface NodeEffectTransactionRollbackFailure {
  /** Step whose rollback failed. */
  readonly step_id: string;
  /** The rollback operation. */
  readonly operation: string;
  /** Its error message. */
  readonly message: string;
  /** Its error code. */
  readonly error_code: string;
}

/**
 * Result of {@link NodeEffect.executeTransaction}.
 *
 * @category Nodes
 */
export interface NodeEffectTransactionOutput {
  /** The transaction: `committed`, `rolled_back`, or `failed` (a rollback failed too). */
  readonly transaction: ModelEffectTransaction;
  /** Whether every step applied. */
  readonly success: boolean;
  /** Whether a rollback was run (true on any failure). */
  readonly rolled_back: boolean;
  /** Steps successfully rolled back, in the order they were undone (reverse of application). */
  readonly rolled_back_steps: string[];
  /** Results of the applied steps by step id. */
  readonly results: Record<string, unknown>;
  /** Retries performed across every step and rollback. */
  readonly retry_count: number;
  /** Wall time of the whole transaction, in milliseconds. */
  readonly processing_time_ms: number;
  /** Correlation id. */
  readonly correlation_id: string;
  /**
   * On failure: the error, whose context holds `transaction_id`, `failed_step`, `rolled_back`,
   * `rolled_back_steps`, `rollback_failures` ({@link NodeEffectTransactionRollbackFailure}[]) and `steps_without_rollback`.
   */
  readonly error?: ModelOnexErrorJson;
}

/** Outcome of one operation run through the effect's retry/timeout/breaker path. */
export type EffectRunOutcome =
  | { readonly ok: true; readonly result: unknown; readonly retries: number }
  | { readonly ok: false; readonly error: ModelOnexError; readonly retries: number };

/** How the transaction runs one operation (the effect's retry/timeout/breaker path). */
export type EffectRunOperation = (operation: string, payload: Record<string, unknown>, phase: "apply" | "rollback") => Promise<EffectRunOutcome>;

interface ParsedStep {
  readonly step_id: string;
  readonly operation: string;
  readonly payload: Record<string, unknown>;
  readonly rollback: { readonly operation: string; readonly payload: Record<string, unknown> } | undefined;
}

/** Validates steps and gives each an id; throws `VALIDATION_ERROR` for duplicate ids. */
export function parseTransactionSteps(steps: readonly z.output<typeof NodeEffectTransactionStepInput>[], correlationId: string): ParsedStep[] {
  const seen = new Set<string>();
  return steps.map((step, index) => {
    const id = step.step_id ?? `step-${index}`;
    if (seen.has(id)) {
      throw new ModelOnexError(`transaction step id "${id}" is used twice`, { errorCode: EnumCoreErrorCode.VALIDATION_ERROR, correlationId, context: { step_id: id, index } });
    }
    seen.add(id);
    return { step_id: id, operation: step.operation, payload: step.payload, rollback: step.rollback };
  });
}

/**
 * Runs a transaction: applies `steps` in order; on the first failure undoes the applied steps in reverse order
 * (every rollback is attempted even when one fails) and reports what happened.
 */
export async function runEffectTransaction(
  transactionId: string,
  steps: readonly ParsedStep[],
  run: EffectRunOperation,
  correlationId: string,
): Promise<Omit<NodeEffectTransactionOutput, "processing_time_ms" | "correlation_id">> {
  const records = steps.map((step) => ({ step_id: step.step_id, operation: step.operation, payload: step.payload, applied: false }));
  const results: Record<string, unknown> = {};
  let retries = 0;
  let failure: { readonly step: ParsedStep; readonly error: ModelOnexError } | undefined;
  const applied: number[] = [];
  for (const [index, step] of steps.entries()) {
    const outcome = await run(step.operation, step.payload, "apply");
    retries += outcome.retries;
    if (!outcome.ok) {
      failure = { step, error: outcome.error };
      break;
    }
    results[step.step_id] = outcome.result;
    applied.push(index);
    const record = records[index];
    if (record !== undefined) record.applied = true;
  }
  if (failure === undefined) {
    return {
      transaction: { transaction_id: transactionId, state: EnumTransactionState.COMMITTED, steps: records },
      success: true,
      rolled_back: false,
      rolled_back_steps: [],
      results,
      retry_count: retries,
    };
  }

  const rolledBack: string[] = [];
  const rollbackFailures: NodeEffectTransactionRollbackFailure[] = [];
  const withoutRollback: string[] = [];
  for (const index of [...applied].reverse()) {
    const step = steps[index];
    if (step === undefined) continue;
    if (step.rollback === undefined) {
      withoutRollback.push(step.step_id);
      continue;
    }
    const outcome = await run(step.rollback.operation, step.rollback.payload, "rollback");
    retries += outcome.retries;
    if (outcome.ok) {
      rolledBack.push(step.step_id);
      const record = records[index];
      if (record !== undefined) record.applied = false;
    } else {
      rollbackFailures.push({ step_id: step.step_id, operation: step.rollback.operation, message: outcome.error.message, error_code: outcome.error.errorCode });
    }
  }
  const clean = rollbackFailures.length === 0 && withoutRollback.length === 0;
  const problems = [
    rollbackFailures.length > 0 ? `rollback failed for ${rollbackFailures.map((f) => `"${f.step_id}"`).join(", ")}` : "",
    withoutRollback.length > 0 ? `no rollback for ${withoutRollback.map((id) => `"${id}"`).join(", ")}` : "",
  ].filter((text) => text !== "");
  const error = new ModelOnexError(
    `transaction "${transactionId}" failed at step "${failure.step.step_id}" (${failure.step.operation}): ${failure.error.message}; ` +
      `rolled back: ${rolledBack.map((id) => `"${id}"`).join(", ") || "nothing"}${problems.length > 0 ? `; ${problems.join("; ")}` : ""}`,
    {
      errorCode: rollbackFailures.length > 0 ? EnumCoreErrorCode.OPERATION_FAILED : failure.error.errorCode,
      correlationId,
      cause: failure.error,
      context: {
        transaction_id: transactionId,
        failed_step: failure.step.step_id,
        failed_operation: failure.step.operation,
        rolled_back: true,
        rolled_back_steps: rolledBack,
        rollback_failures: rollbackFailures,
        steps_without_rollback: withoutRollback,
      },
    },
  );
  return {
    transaction: {
      transaction_id: transactionId,
      state: clean ? EnumTransactionState.ROLLED_BACK : EnumTransactionState.FAILED,
      steps: records,
    },
    success: false,
    rolled_back: true,
    rolled_back_steps: rolledBack,
    results,
    retry_count: retries,
    error: error.toJSON(),
  };
}
