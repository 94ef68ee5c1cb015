/**
 * The COMPUTE archetype: named pure computations with an optional bounded result cache keyed by a stable hash
 * of `{computation, data}` (ARCHITECTURE §5).
 * @module
 */
import type { z } from "zod";
import type { ModelONEXContainer } from "../container/model-onex-container.js";
import type { ModelContract } from "../contracts/model-contract.js";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { ModelComputeInput } from "../models/model-compute-input.js";
import type { ModelComputeOutput } from "../models/model-compute-output.js";
import { parseModel } from "../util/util-parse-model.js";
import { LruCache } from "./util-lru-cache.js";
import { stableHash } from "./util-stable-hash.js";
import { correlationIdHint } from "./util-node-input.js";

/**
 * A named computation: a pure, deterministic function of its input (no clock, no randomness, no I/O). Its
 * result may be cached and handed to several callers, so it must not be mutated by them.
 *
 * @category Nodes
 */
export type NodeComputeFunction = (data: unknown) => unknown;

/** Options of {@link NodeCompute}. @category Nodes */
export interface NodeComputeOptions {
  /** Computations registered at construction, by name. */
  readonly computations?: Readonly<Record<string, NodeComputeFunction>>;
  /** Result cache: `false` disables it; otherwise its capacity (default 256 entries). */
  readonly cache?: false | { readonly maxEntries?: number };
  /** Clock for `processing_time_ms` only (never seen by computations); `performance.now` by default. */
  readonly now?: () => number;
}

/** Cache counters of a {@link NodeCompute}. @category Nodes */
export interface NodeComputeCacheStats {
  /** Lookups answered from the cache. */
  readonly hits: number;
  /** Lookups that ran the computation. */
  readonly misses: number;
  /** Entries held. */
  readonly size: number;
  /** Capacity (0 when the cache is disabled). */
  readonly maxEntries: number;
}

const DEFAULT_CACHE_ENTRIES = 256;

/**
 * COMPUTE node: runs a registered computation on the input data. With the cache on, equal inputs (as JSON, in
 * any key order) for the same computation are computed once while they stay among the most recent
 * `maxEntries`; `cache: false` in the input bypasses it, and so does data without a JSON form (cycles,
 * bigints). A computation that throws is reported as `OPERATION_FAILED` naming it; its failure is not cached.
 *
 * ```ts
 * const node = new NodeCompute(container, contract, { computations: { sum: (d) => (d as number[]).reduce((a, b) => a + b, 0) } });
 * const out = await node.process({ computation: "sum", data: [1, 2, 3] }); // out.result === 6
 * ```
 *
 * @category Nodes
 */
export class NodeCompute {
  /** The container the node was built with. */
  readonly container: ModelONEXContainer;
  /** The node's contract, when it was built from one. */
  readonly contract: ModelContract | undefined;
  readonly #computations = new Map<string, NodeComputeFunction>();
  readonly #cache: LruCache<string, unknown> | undefined;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;

  constructor(container: ModelONEXContainer, contract: ModelContract | undefined, options: NodeComputeOptions = {}) {
    this.container = container;
    this.contract = contract;
    this.#now = options.now ?? (() => performance.now());
    this.#cache = options.cache === false ? undefined : new LruCache(options.cache?.maxEntries ?? DEFAULT_CACHE_ENTRIES);
    for (const [name, fn] of Object.entries(options.computations ?? {})) this.register(name, fn);
  }

  /** Name used in errors: the contract's `name`, else `NodeCompute`. */
  get name(): string {
    return this.contract?.name ?? "NodeCompute";
  }

  /** Names of the registered computations, sorted. */
  get computations(): string[] {
    return [...this.#computations.keys()].sort();
  }

  /** Cache hit/miss counters and occupancy. */
  get cacheStats(): NodeComputeCacheStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#cache?.size ?? 0, maxEntries: this.#cache?.maxEntries ?? 0 };
  }

  /**
   * Registers a computation under `name`.
   *
   * @throws ModelOnexError `DUPLICATE_REGISTRATION` when the name is taken, `INVALID_INPUT` for a blank name.
   */
  register(name: string, fn: NodeComputeFunction): this {
    if (name.trim() === "") {
      throw new ModelOnexError(`${this.name}: a computation needs a non-blank name`, { errorCode: EnumCoreErrorCode.INVALID_INPUT });
    }
    if (this.#computations.has(name)) {
      throw new ModelOnexError(`${this.name}: computation "${name}" is already registered`, {
        errorCode: EnumCoreErrorCode.DUPLICATE_REGISTRATION,
        context: { node: this.name, computation: name },
      });
    }
    this.#computations.set(name, fn);
    return this;
  }

  /** Empties the result cache (counters are kept). */
  clearCache(): void {
    this.#cache?.clear();
  }

  /**
   * Validates the input, runs (or looks up) the computation and reports whether the cache answered.
   *
   * @throws ModelOnexError `VALIDATION_ERROR` for a malformed input, `RESOURCE_NOT_FOUND` for an unknown
   * computation (naming it and the known ones), `OPERATION_FAILED` when the computation throws.
   */
  process(input: z.input<typeof ModelComputeInput>): Promise<ModelComputeOutput> {
    try {
      return Promise.resolve(this.processSync(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : ModelOnexError.fromUnknown(error));
    }
  }

  /** Synchronous form of {@link NodeCompute.process}. */
  processSync(input: z.input<typeof ModelComputeInput>): ModelComputeOutput {
    const parsed = parseModel(ModelComputeInput, input, `${this.name} ModelComputeInput`, correlationIdHint(input));
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const started = this.#now();
    const { result, hit } = this.#run(parsed.computation, parsed.data, parsed.cache, correlationId);
    return {
      computation: parsed.computation,
      result,
      cache_hit: hit,
      processing_time_ms: Math.max(0, this.#now() - started),
      correlation_id: correlationId,
    };
  }

  #run(computation: string, data: unknown, useCache: boolean, correlationId: string): { result: unknown; hit: boolean } {
    const fn = this.#computations.get(computation);
    if (fn === undefined) {
      const known = this.computations;
      throw new ModelOnexError(`${this.name}: unknown computation "${computation}"; known: ${known.join(", ") || "none"}`, {
        errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND,
        correlationId,
        context: { node: this.name, computation, known },
      });
    }
    const cache = useCache ? this.#cache : undefined;
    const key = cache === undefined ? undefined : tryStableHash({ computation, data });
    if (cache !== undefined && key !== undefined) {
      if (cache.has(key)) {
        this.#hits += 1;
        return { result: cache.get(key), hit: true };
      }
      this.#misses += 1;
    }
    let result: unknown;
    try {
      result = fn(data);
    } catch (error) {
      throw new ModelOnexError(`${this.name}: computation "${computation}" failed: ${error instanceof Error ? error.message : String(error)}`, {
        errorCode: EnumCoreErrorCode.OPERATION_FAILED,
        correlationId,
        cause: error,
        context: { node: this.name, computation },
      });
    }
    if (cache !== undefined && key !== undefined) cache.set(key, result);
    return { result, hit: false };
  }
}

/** The cache key, or `undefined` for data without a JSON form (cycles, bigints): such inputs bypass the cache. */
function tryStableHash(value: unknown): string | undefined {
  try {
    return stableHash(value);
  } catch {
    return undefined;
  }
}
