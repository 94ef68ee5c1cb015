/**
 * The one way to turn `unknown` into a typed model at a boundary: zod parse, and on failure a
 * {@link ModelOnexError} (`VALIDATION_ERROR`) whose message names where the input was checked and every bad path.
 * Issue messages never quote the offending values, so secrets in rejected input cannot leak into logs.
 * @module
 */
import type { z } from "zod";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/** One validation problem in JSON-safe form, as stored in `context.issues` of a validation error. @category Validation */
export interface ValidationIssue {
  /** Dotted path of the bad value (`payload.items[2].id`), or `(root)` for the input itself. */
  readonly path: string;
  /** What is wrong, without the offending value (`expected string, received number`, `required`). */
  readonly message: string;
  /** zod issue code (`invalid_type`, `invalid_format`, `too_small`, `unrecognized_keys`, ...). */
  readonly code: string;
}

/** Path label used for an issue about the input as a whole. @category Validation */
export const ROOT_PATH = "(root)";

/** Most issues spelled out in an error message; all of them stay in `context.issues`. */
const MAX_ISSUES_IN_MESSAGE = 20;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a zod issue path: `["payload", "items", 2, "id"]` -> `payload.items[2].id`; keys that are not plain
 * identifiers are quoted (`metadata["x.y"]`); an empty path is `(root)`.
 *
 * @category Validation
 */
export function formatZodPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "symbol") out += `[${segment.toString()}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? ROOT_PATH : out;
}

function joinPath(prefix: string, relative: string): string {
  if (relative === ROOT_PATH) return prefix;
  if (prefix === ROOT_PATH) return relative;
  return relative.startsWith("[") ? `${prefix}${relative}` : `${prefix}.${relative}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const message = issue.message.replace(/^Invalid input: /, "");
      return message.endsWith("received undefined") ? "required" : message;
    }
    case "invalid_union": {
      if (issue.errors.length === 0) return issue.message;
      const branches = issue.errors.map((branch) =>
        branch
          .map((inner) => (inner.path.length === 0 ? describeIssue(inner) : `${formatZodPath(inner.path)}: ${describeIssue(inner)}`))
          .join(", "),
      );
      return `matches none of the allowed shapes (${branches.join(" | ")})`;
    }
    case "invalid_key":
    case "invalid_element": {
      const inner = issue.issues.map((nested) => describeIssue(nested)).join(", ");
      return `${issue.code === "invalid_key" ? "invalid key" : "invalid element"}${inner === "" ? "" : `: ${inner}`}`;
    }
    case "too_big":
    case "too_small":
    case "invalid_format":
    case "not_multiple_of":
    case "unrecognized_keys":
    case "invalid_value":
    case "custom":
      return issue.message.replace(/^Invalid input: /, "");
  }
}

/**
 * Converts one zod issue to a {@link ValidationIssue}. `at` prefixes the path (used for nested parses).
 *
 * @category Validation
 */
export function formatZodIssue(issue: z.core.$ZodIssue, at: string = ROOT_PATH): ValidationIssue {
  return { path: joinPath(at, formatZodPath(issue.path)), message: describeIssue(issue), code: issue.code };
}

/**
 * Converts zod issues to JSON-safe {@link ValidationIssue}s, in zod's order (reused by the contract loader).
 *
 * @category Validation
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], at: string = ROOT_PATH): ValidationIssue[] {
  return issues.map((issue) => formatZodIssue(issue, at));
}

/**
 * One-line summary naming `where` and every bad path:
 * `invalid ModelEffectInput at "payload.id": expected string, received number; at "operation": required`.
 * Lists at most 20 issues and says how many more there are.
 *
 * @category Validation
 */
export function formatValidationMessage(where: string, issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => `at "${issue.path}": ${issue.message}`);
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? `; and ${issues.length - MAX_ISSUES_IN_MESSAGE} more` : "";
  return `invalid ${where} ${shown.join("; ")}${more}`;
}

/**
 * Builds the `VALIDATION_ERROR` for already converted issues (`context` = `{ where, issues }`).
 *
 * @category Validation
 */
export function createValidationError(where: string, issues: readonly ValidationIssue[], correlationId?: string, cause?: unknown): ModelOnexError {
  return new ModelOnexError(formatValidationMessage(where, issues), {
    errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
    correlationId,
    context: { where, issues: issues.map((issue) => ({ ...issue })) },
    cause,
  });
}

/**
 * Parses `input` with `schema` and returns the typed value (defaults applied), or throws a {@link ModelOnexError}
 * with code `VALIDATION_ERROR`, a message naming `where` and every bad path, and `context.issues` listing them.
 *
 * @param schema - the zod schema (usually a `Model*`).
 * @param input - untrusted data.
 * @param where - what is being validated, for the message (`ModelEffectInput`, `envelope payload of db.query`).
 * @param correlationId - correlation id of the request, carried by the error.
 * @category Validation
 */
export function parseModel<S extends z.ZodType>(schema: S, input: unknown, where: string, correlationId?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw createValidationError(where, formatZodIssues(result.error.issues), correlationId);
}
