/**
 * Reduction helpers of the REDUCER archetype: merging records under an `EnumConflictResolution`, and folding
 * collections per `EnumReductionType`. Pure functions (no clock, no I/O).
 * @module
 */
import { EnumConflictResolution } from "../enums/enum-conflict-resolution.js";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumReductionType } from "../enums/enum-reduction-type.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { canonicalJson } from "./util-stable-hash.js";

/** Decides the value of a key present on both sides of a `custom` merge. @category Utilities */
export type ConflictResolver = (key: string, existing: unknown, incoming: unknown) => unknown;

/** Options of {@link mergeRecords}. @category Utilities */
export interface MergeRecordsOptions {
  /** Needed for `custom`. */
  readonly resolver?: ConflictResolver | undefined;
  /** Correlation id carried by errors. */
  readonly correlationId?: string | undefined;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

function deepMerge(existing: unknown, incoming: unknown): unknown {
  if (isPlainRecord(existing) && isPlainRecord(incoming)) {
    const out: Record<string, unknown> = { ...existing };
    for (const [key, value] of Object.entries(incoming)) out[key] = key in out ? deepMerge(out[key], value) : value;
    return out;
  }
  if (Array.isArray(existing) && Array.isArray(incoming)) return [...(existing as unknown[]), ...(incoming as unknown[])];
  return incoming;
}

/**
 * Merges `incoming` into `existing` and returns a new record (inputs are not mutated). For keys present on both
 * sides with different values (compared as canonical JSON):
 * - `last_wins`: the incoming value; `first_wins`: the existing value;
 * - `merge`: plain objects merged recursively, arrays concatenated, other values last-wins;
 * - `error`: throws `VALIDATION_ERROR` naming every conflicting key (`context.conflicts`);
 * - `custom`: `options.resolver(key, existing, incoming)` (`INVALID_CONFIGURATION` without one).
 *
 * @category Utilities
 */
export function mergeRecords(
  existing: Readonly<Record<string, unknown>>,
  incoming: Readonly<Record<string, unknown>>,
  resolution: EnumConflictResolution,
  options: MergeRecordsOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...existing };
  const conflicts: string[] = [];
  for (const [key, value] of Object.entries(incoming)) {
    if (!(key in out) || out[key] === undefined) {
      out[key] = value;
      continue;
    }
    const current = out[key];
    switch (resolution) {
      case EnumConflictResolution.LAST_WINS:
        out[key] = value;
        break;
      case EnumConflictResolution.FIRST_WINS:
        break;
      case EnumConflictResolution.MERGE:
        out[key] = deepMerge(current, value);
        break;
      case EnumConflictResolution.ERROR:
        if (!sameJson(current, value)) conflicts.push(key);
        break;
      case EnumConflictResolution.CUSTOM: {
        if (options.resolver === undefined) {
          throw new ModelOnexError("conflict resolution 'custom' needs a resolver function", {
            errorCode: EnumCoreErrorCode.INVALID_CONFIGURATION,
            correlationId: options.correlationId,
          });
        }
        out[key] = options.resolver(key, current, value);
        break;
      }
    }
  }
  if (conflicts.length > 0) {
    throw new ModelOnexError(`conflicting values for ${conflicts.map((key) => `"${key}"`).join(", ")} (conflict resolution 'error')`, {
      errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
      correlationId: options.correlationId,
      context: { conflicts },
    });
  }
  return out;
}

/** Options of {@link reduceItems}; which ones a reduction needs is listed there. @category Utilities */
export interface ReduceItemsOptions<T> {
  /** Key of an item (deduplicate, sort, group, aggregate); the item itself by default. */
  readonly key?: (item: T) => unknown;
  /** Fold step (fold, accumulate). */
  readonly reducer?: (accumulator: unknown, item: T, index: number) => unknown;
  /** Initial accumulator (fold, accumulate); `undefined` by default. */
  readonly initial?: unknown;
  /** Keep predicate (filter). */
  readonly predicate?: (item: T, index: number) => boolean;
  /** Item mapping (transform, normalize). */
  readonly transform?: (item: T, index: number) => unknown;
  /** Comparator (sort); by default keys compare as numbers when both are numbers, else as canonical JSON text. */
  readonly compare?: (a: T, b: T) => number;
  /** Conflict resolution (merge: between records; deduplicate: which duplicate survives). Default `last_wins` / `first_wins`. */
  readonly conflictResolution?: EnumConflictResolution;
  /** Resolver for `custom` conflict resolution. */
  readonly resolver?: ConflictResolver;
}

/** Numeric summary produced by the `aggregate` reduction. @category Utilities */
export interface ReductionAggregate {
  /** Number of numeric values. */
  readonly count: number;
  /** Their sum. */
  readonly sum: number;
  /** Smallest value (`null` when there is none). */
  readonly min: number | null;
  /** Largest value (`null` when there is none). */
  readonly max: number | null;
  /** Arithmetic mean (`null` when there is none). */
  readonly avg: number | null;
}

function need<V>(value: V | undefined, what: string, type: EnumReductionType): V {
  if (value === undefined) {
    throw new ModelOnexError(`reduction '${type}' needs the '${what}' option`, { errorCode: EnumCoreErrorCode.INVALID_CONFIGURATION, context: { reduction: type, option: what } });
  }
  return value;
}

function defaultCompare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const left = canonicalJson(a);
  const right = canonicalJson(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Reduces a collection per {@link EnumReductionType}:
 * `fold` -> the final accumulator; `accumulate` -> every intermediate accumulator; `merge` -> the items (records)
 * merged left to right with {@link mergeRecords}; `aggregate` -> {@link ReductionAggregate} of the numeric keys;
 * `deduplicate` -> items unique by key (canonical JSON), the survivor chosen by the conflict resolution
 * (`first_wins` default, `last_wins`, `merge` for records, `error` throws on a duplicate);
 * `sort` -> a stably sorted copy; `filter` -> the items kept by `predicate`; `group` -> items by `String(key)`;
 * `transform` and `normalize` -> items mapped by `transform`.
 *
 * @throws ModelOnexError `INVALID_CONFIGURATION` when the reduction's option is missing, `VALIDATION_ERROR` for
 * conflicts under `error` or non-record items under `merge`.
 * @category Utilities
 */
export function reduceItems<T>(items: readonly T[], type: EnumReductionType, options: ReduceItemsOptions<T> = {}): unknown {
  const keyOf = options.key ?? ((item: T): unknown => item);
  switch (type) {
    case EnumReductionType.FOLD: {
      const reducer = need(options.reducer, "reducer", type);
      return items.reduce<unknown>((acc, item, i) => reducer(acc, item, i), options.initial);
    }
    case EnumReductionType.ACCUMULATE: {
      const reducer = need(options.reducer, "reducer", type);
      const steps: unknown[] = [];
      items.reduce<unknown>((acc, item, i) => {
        const next = reducer(acc, item, i);
        steps.push(next);
        return next;
      }, options.initial);
      return steps;
    }
    case EnumReductionType.MERGE:
      return items.reduce<Record<string, unknown>>(
        (acc, item, i) => mergeRecords(acc, asRecord(item, i), options.conflictResolution ?? EnumConflictResolution.LAST_WINS, { resolver: options.resolver }),
        {},
      );
    case EnumReductionType.AGGREGATE: {
      const values = items.map(keyOf).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      const sum = values.reduce((a, b) => a + b, 0);
      return values.length === 0
        ? { count: 0, sum: 0, min: null, max: null, avg: null }
        : { count: values.length, sum, min: Math.min(...values), max: Math.max(...values), avg: sum / values.length };
    }
    case EnumReductionType.DEDUPLICATE:
      return deduplicate(items, keyOf, options);
    case EnumReductionType.SORT: {
      const compare = options.compare ?? ((a: T, b: T): number => defaultCompare(keyOf(a), keyOf(b)));
      return [...items].sort(compare);
    }
    case EnumReductionType.FILTER: {
      const predicate = need(options.predicate, "predicate", type);
      return items.filter((item, i) => predicate(item, i));
    }
    case EnumReductionType.GROUP: {
      const groups: Record<string, T[]> = {};
      for (const item of items) {
        const k = keyOf(item);
        (groups[typeof k === "string" ? k : canonicalJson(k)] ??= []).push(item);
      }
      return groups;
    }
    case EnumReductionType.TRANSFORM:
    case EnumReductionType.NORMALIZE: {
      const transform = need(options.transform, "transform", type);
      return items.map((item, i) => transform(item, i));
    }
  }
}

function asRecord(item: unknown, index: number): Record<string, unknown> {
  if (isPlainRecord(item)) return item;
  throw new ModelOnexError(`reduction 'merge' needs records; item ${index} is not one`, { errorCode: EnumCoreErrorCode.VALIDATION_ERROR, context: { index } });
}

function deduplicate<T>(items: readonly T[], keyOf: (item: T) => unknown, options: ReduceItemsOptions<T>): T[] {
  const resolution = options.conflictResolution ?? EnumConflictResolution.FIRST_WINS;
  const seen = new Map<string, number>();
  const out: T[] = [];
  items.forEach((item, index) => {
    const k = canonicalJson(keyOf(item));
    const at = seen.get(k);
    if (at === undefined) {
      seen.set(k, out.length);
      out.push(item);
      return;
    }
    const kept = out[at] as T;
    switch (resolution) {
      case EnumConflictResolution.FIRST_WINS:
        return;
      case EnumConflictResolution.LAST_WINS:
        out[at] = item;
        return;
      case EnumConflictResolution.MERGE:
        out[at] = mergeRecords(asRecord(kept, at), asRecord(item, index), EnumConflictResolution.MERGE) as T;
        return;
      case EnumConflictResolution.CUSTOM:
        out[at] = need(options.resolver, "resolver", EnumReductionType.DEDUPLICATE)(k, kept, item) as T;
        return;
      case EnumConflictResolution.ERROR:
        throw new ModelOnexError(`duplicate item with key ${k} at index ${index}`, {
          errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
          context: { key: k, index },
        });
    }
  });
  return out;
}
