/**
 * Stable hashing for cache keys: canonical JSON (object keys sorted, JSON semantics otherwise) hashed with
 * FNV-1a 64-bit. Pure JavaScript, no `node:crypto`, identical across processes and platforms. Not a
 * cryptographic hash: use it for cache keys and deduplication, never for integrity against an adversary.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/**
 * Serialises a JSON-like value with object keys sorted at every depth, so that two values equal as JSON give
 * the same text whatever their key order. Follows `JSON.stringify` semantics otherwise (`toJSON` is honoured,
 * `undefined`/functions are dropped from objects and become `null` in arrays, non-finite numbers become `null`).
 *
 * @throws ModelOnexError `VALIDATION_ERROR` on a cycle or a `bigint`.
 * @category Utilities
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>()) ?? "null";
}

function write(value: unknown, seen: Set<object>): string | undefined {
  if (value !== null && typeof value === "object" && "toJSON" in value && typeof value.toJSON === "function") {
    const converted: unknown = (value.toJSON as () => unknown).call(value);
    if (converted !== value) return write(converted, seen);
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "bigint":
      throw new ModelOnexError("Cannot hash a bigint: it has no JSON form", { errorCode: EnumCoreErrorCode.VALIDATION_ERROR });
    case "object":
      break;
  }
  if (value === null) return "null";
  if (seen.has(value)) {
    throw new ModelOnexError("Cannot hash a value with a reference cycle", { errorCode: EnumCoreErrorCode.VALIDATION_ERROR });
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      return `[${items.map((item) => write(item, seen) ?? "null").join(",")}]`;
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], seen);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

const FNV_OFFSET_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;

/**
 * FNV-1a 64-bit hash of a string's UTF-8 bytes, as 16 lowercase hex digits.
 *
 * @category Utilities
 */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET_64;
  const step = (byte: number): void => {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME_64);
  };
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      step(cp);
    } else if (cp < 0x800) {
      step(0xc0 | (cp >> 6));
      step(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      step(0xe0 | (cp >> 12));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    } else {
      step(0xf0 | (cp >> 18));
      step(0x80 | ((cp >> 12) & 0x3f));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    }
  }
  return hash.toString(16).padStart(16, "0");
}

/**
 * Stable hash of a JSON-like value: `fnv1a64(canonicalJson(value))`. Equal values (as JSON, any key order)
 * hash equal, in every process.
 *
 * @category Utilities
 */
export function stableHash(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}
