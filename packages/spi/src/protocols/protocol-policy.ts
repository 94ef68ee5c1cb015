/**
 * A pure policy: a named, versioned decision function (retry policy, routing rule, admission check...). Pure means
 * the decision depends on `input` only: no I/O, no clock, no randomness, so policies can be cached and replayed.
 *
 * @typeParam TInput - what the policy decides on.
 * @typeParam TDecision - what it decides.
 * @category Protocols
 */
export interface ProtocolPolicy<TInput = unknown, TDecision = unknown> {
  /** Stable id, unique per version (e.g. `"retry.backoff"`). */
  readonly policyId: string;
  /** Family of the policy, used to list policies of one kind (e.g. `"retry"`, `"routing"`). */
  readonly policyType: string;
  /** Semver of this implementation (`"1.2.0"`); registries pick the latest when no version is asked for. */
  readonly version: string;
  /** Decides on `input`. Deterministic; throws only on input that violates the policy's own contract. */
  evaluate(input: TInput): TDecision;
}
