/**
 * String form of {@link ModelSemVer}: parse, format and compare `MAJOR.MINOR.PATCH` (no pre-release or build
 * suffix: ONEX versions are plain release triples).
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import type { ModelSemVer } from "./model-sem-ver.js";

/** `MAJOR.MINOR.PATCH` without leading zeros, as in semver.org. @category Models */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function toPart(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Parses `"1.2.3"` into `{ major: 1, minor: 2, patch: 3 }`. Throws a `VALIDATION_ERROR` ModelOnexError for
 * anything else (`"1.2"`, `"v1.2.3"`, `"01.2.3"`, `"1.2.3-beta"`, parts beyond `Number.MAX_SAFE_INTEGER`).
 *
 * @category Models
 */
export function parseSemVer(text: string, correlationId?: string): ModelSemVer {
  const match = SEMVER_PATTERN.exec(text.trim());
  const major = toPart(match?.[1]);
  const minor = toPart(match?.[2]);
  const patch = toPart(match?.[3]);
  if (major === undefined || minor === undefined || patch === undefined) {
    throw new ModelOnexError(`invalid semantic version ${JSON.stringify(text.slice(0, 64))}: expected MAJOR.MINOR.PATCH, e.g. 1.2.3`, {
      errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
      correlationId,
      context: { where: "ModelSemVer" },
    });
  }
  return { major, minor, patch };
}

/** Formats a version as `MAJOR.MINOR.PATCH`. @category Models */
export function formatSemVer(version: ModelSemVer): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/**
 * Orders two versions: negative when `a < b`, 0 when equal, positive when `a > b` (usable with `Array.sort`).
 *
 * @category Models
 */
export function compareSemVer(a: ModelSemVer, b: ModelSemVer): -1 | 0 | 1 {
  const diff = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}
