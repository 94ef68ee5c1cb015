// Building RegistrationOutcome values, and reading effect outputs strictly: the orchestrator's bookkeeping, kept out
// of its node file.
import { EnumCoreErrorCode, ModelOnexError, type ModelEffectOutput } from "@onex/core";
import type { z } from "zod";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { RegistrationOutcome, RegistrationReduction } from "./registration-ports.js";

/** Extra facts of an outcome. */
export interface RegistrationOutcomeExtra {
  readonly published?: boolean | undefined;
  readonly discovery?: boolean | null | undefined;
  readonly reason?: string | null | undefined;
}

/** The outcome of a call that applied `reduction` (null when nothing was reduced). */
export function registrationOutcome(
  nodeId: string,
  outcome: RegistrationOutcome["outcome"],
  previous: string | null,
  reduction: RegistrationReduction | null,
  correlationId: string,
  extra: RegistrationOutcomeExtra = {},
): RegistrationOutcome {
  const flag = (key: string): boolean | null => {
    const value = reduction?.data[key];
    return typeof value === "boolean" ? value : null;
  };
  return {
    node_id: nodeId,
    outcome,
    previous_state: previous,
    current_state: reduction?.current_state ?? null,
    sequence: reduction?.sequence ?? null,
    published: extra.published ?? false,
    consul_registered: flag("consul_registered"),
    postgres_upserted: flag("postgres_upserted"),
    discovery_deregistered: extra.discovery ?? null,
    reason: extra.reason ?? null,
    correlation_id: correlationId,
  };
}

/** The outcome of a call that changed nothing: the stored state stays as it is. */
export function unchangedOutcome(
  nodeId: string,
  stored: { readonly registration_state: string; readonly sequence: number } | null,
  correlationId: string,
  reason: string | null,
  outcome: "ignored" | "duplicate" = "ignored",
): RegistrationOutcome {
  const state = stored?.registration_state ?? null;
  return { ...registrationOutcome(nodeId, outcome, state, null, correlationId, { reason }), current_state: state, sequence: stored?.sequence ?? null };
}

/**
 * The result of a successful effect call parsed with `schema`. A failed call throws a RuntimeHostError carrying the
 * effect's error code (so a retryable backend failure stays retryable for the bus); a foreign result throws
 * INTERNAL_ERROR.
 */
export function effectResult<T extends z.ZodType>(output: ModelEffectOutput, schema: T, operation: string): z.infer<T> {
  if (!output.success) {
    const cause = output.error === undefined ? undefined : ModelOnexError.fromJSON(output.error);
    throw new RuntimeHostError(`${operation} failed: ${cause?.message ?? "no result"}`, {
      errorCode: cause?.errorCode ?? EnumCoreErrorCode.OPERATION_FAILED,
      cause,
      context: { transportType: EnumInfraTransportType.RUNTIME, operation, correlationId: output.correlation_id },
    });
  }
  const parsed = schema.safeParse(output.result);
  if (parsed.success) return parsed.data;
  throw new ModelOnexError(`${operation} returned a result outside its contract`, {
    errorCode: EnumCoreErrorCode.INTERNAL_ERROR,
    correlationId: output.correlation_id,
    context: { operation },
  });
}
