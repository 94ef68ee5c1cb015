/**
 * A deterministic compute plugin: a named, versioned pure transformation used by COMPUTE nodes. Same input, same
 * output: no I/O, no clock, no randomness, so results may be cached by input hash.
 *
 * @typeParam TInput - the plugin's input.
 * @typeParam TOutput - the plugin's output.
 * @category Protocols
 */
export interface ProtocolPluginCompute<TInput = unknown, TOutput = unknown> {
  /** Stable id, unique per version (e.g. `"hash.sha256"`). */
  readonly pluginId: string;
  /** Semver of this implementation (`"1.0.0"`); registries pick the latest when no version is asked for. */
  readonly version: string;
  /** Computes the output for `input`. Deterministic. */
  compute(input: TInput): TOutput;
}
