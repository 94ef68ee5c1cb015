/**
 * Loads a `contract.yaml` from its text (core does no file I/O: the caller reads the file). YAML syntax, the zod
 * schema and the linter are all checked, and every problem carries the file, the 1-based line and column of the
 * offending YAML node (or of its nearest existing parent) and the field path.
 * @module
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from "yaml";
import type { z } from "zod";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { formatZodIssue } from "../util/util-parse-model.js";
import { ModelContract } from "./model-contract.js";
import { lintContractIssues } from "./util-contract-linter.js";
import {
  formatContractPath,
  formatContractProblem,
  sortContractProblems,
  type ContractIssue,
  type ContractProblem,
  type ContractProblemCode,
} from "./util-contract-problem.js";
import { findUnknownFields } from "./util-contract-unknown-fields.js";

type Path = readonly (string | number)[];

/**
 * Outcome of loading a contract: the parsed contract and its warnings, or every error (and the warnings).
 *
 * @category Contracts
 */
export type ContractLoadResult =
  | { readonly ok: true; readonly contract: ModelContract; readonly warnings: ContractProblem[] }
  | { readonly ok: false; readonly problems: ContractProblem[]; readonly warnings: ContractProblem[] };

interface Position {
  readonly line: number;
  readonly column: number;
}

type Locate = (segments: Path, atKey: boolean, valueColumn?: number) => Position;

const UNKNOWN_POSITION: Position = { line: 0, column: 0 };

function toProblem(file: string, locate: Locate, issue: ContractIssue): ContractProblem {
  const position = locate(issue.anchor ?? issue.segments, issue.atKey === true || issue.anchor !== undefined, issue.valueColumn);
  return {
    file,
    ...position,
    path: formatContractPath(issue.segments),
    segments: issue.segments,
    message: issue.message,
    severity: issue.severity,
    code: issue.code,
  };
}

function zodIssues(error: { readonly issues: readonly z.core.$ZodIssue[] }): ContractIssue[] {
  return error.issues.map((zodIssue) => {
    const segments = zodIssue.path.filter((s): s is string | number => typeof s !== "symbol");
    const formatted = formatZodIssue(zodIssue);
    let code: ContractProblemCode = "schema";
    let anchor: Path | undefined;
    if (zodIssue.code === "custom") {
      const params: unknown = zodIssue.params;
      if (params !== null && typeof params === "object" && "anchor" in params && Array.isArray(params.anchor)) {
        anchor = (params.anchor as unknown[]).filter((s): s is string | number => typeof s === "string" || typeof s === "number");
        code = "missing_section";
      }
    }
    const message = formatted.message === "required" ? "required field is missing" : formatted.message;
    const base: ContractIssue = { segments, message, severity: "error", code };
    return anchor === undefined ? base : { ...base, anchor };
  });
}

/**
 * Checks an already parsed contract object with the given locator (used by both entry points).
 */
function check(value: unknown, file: string, locate: Locate, extraWarnings: ContractProblem[]): ContractLoadResult {
  const located = (issues: ContractIssue[]): ContractProblem[] => issues.map((i) => toProblem(file, locate, i));
  const warnings = [...extraWarnings, ...located(findUnknownFields(ModelContract, value))];
  const parsed = ModelContract.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: sortContractProblems(located(zodIssues(parsed.error))), warnings: sortContractProblems(warnings) };
  }
  const lint = located(lintContractIssues(parsed.data));
  const errors = lint.filter((p) => p.severity === "error");
  const allWarnings = sortContractProblems([...warnings, ...lint.filter((p) => p.severity === "warning")]);
  if (errors.length > 0) return { ok: false, problems: sortContractProblems(errors), warnings: allWarnings };
  return { ok: true, contract: parsed.data, warnings: allWarnings };
}

/** Finds the YAML node for a path, or the deepest existing parent; prefers the key for collections and `atKey`. */
function locator(doc: Document, lineCounter: LineCounter): Locate {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const rangeOf = (node: Node | null | undefined): number | undefined => {
    if (node === null || node === undefined || node.range === undefined || node.range === null) return undefined;
    if (isScalar(node) && node.value === null && node.range[0] === node.range[1]) return undefined; // `key:` with nothing
    return node.range[0];
  };
  return (segments, atKey, valueColumn) => {
    let current: unknown = doc.contents;
    let keyOffset: number | undefined;
    let resolved = true;
    for (const segment of segments) {
      if (isMap(current)) {
        const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair === undefined) {
          resolved = false;
          break;
        }
        keyOffset = isScalar(pair.key) ? rangeOf(pair.key) : undefined;
        current = pair.value;
      } else if (isSeq(current) && typeof segment === "number" && current.items[segment] !== undefined) {
        keyOffset = undefined;
        current = current.items[segment];
      } else {
        resolved = false;
        break;
      }
    }
    const node = current as Node | null | undefined;
    const valueOffset = rangeOf(node);
    const blockCollection = (isMap(node) || isSeq(node)) && node.flow !== true;
    const preferKey = atKey || !resolved || blockCollection || valueOffset === undefined;
    const offset = preferKey ? (keyOffset ?? valueOffset) : valueOffset;
    if (offset === undefined) return { line: 1, column: 1 };
    return at(preferKey || valueColumn === undefined ? offset : offset + insideScalar(node, valueColumn));
  };
}

/** Offset of a 1-based column of a string value inside its one-line scalar; 0 when the source differs from the value. */
function insideScalar(node: Node | null | undefined, valueColumn: number): number {
  if (!isScalar(node) || typeof node.value !== "string" || node.source === undefined) return 0;
  const quote = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : node.type === "PLAIN" ? 0 : undefined;
  if (quote === undefined || node.source.includes("\n") || node.source !== node.value) return 0;
  return quote + valueColumn - 1;
}

function yamlProblem(file: string, error: YAMLError, severity: "error" | "warning"): ContractProblem {
  const first = error.message.split("\n")[0] ?? error.message;
  const message = first.replace(/ at line \d+, column \d+:?$/, "");
  const position = error.linePos?.[0];
  const code: ContractProblemCode = severity === "error" ? "yaml_syntax" : "yaml_warning";
  return { file, line: position?.line ?? 1, column: position?.col ?? 1, path: formatContractPath([]), segments: [], message: `YAML: ${message}`, severity, code };
}

/**
 * Parses and validates the text of a `contract.yaml`: YAML syntax (errors located by the YAML parser), the
 * {@link ModelContract} schema (each zod issue located at its YAML node), then {@link lintContractIssues}.
 * Unknown fields are warnings. Problems are sorted by line and column.
 *
 * @param text - the file's content.
 * @param file - the file's name or path, copied into every problem.
 * @category Contracts
 */
export function loadContractText(text: string, file: string): ContractLoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const yamlWarnings = doc.warnings.map((w) => yamlProblem(file, w, "warning"));
  if (doc.errors.length > 0) {
    return { ok: false, problems: sortContractProblems(doc.errors.map((e) => yamlProblem(file, e, "error"))), warnings: yamlWarnings };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const problem: ContractProblem = { file, line: 1, column: 1, path: formatContractPath([]), segments: [], message: `YAML: ${message}`, severity: "error", code: "yaml_syntax" };
    return { ok: false, problems: [problem], warnings: yamlWarnings };
  }
  return check(value, file, locator(doc, lineCounter), yamlWarnings);
}

/**
 * Validates a contract that is already a JS value (built in code or parsed elsewhere): same checks as
 * {@link loadContractText}, with line and column 0.
 *
 * @category Contracts
 */
export function checkContractValue(value: unknown, file = "contract.yaml"): ContractLoadResult {
  return check(value, file, () => UNKNOWN_POSITION, []);
}

/**
 * Builds the `CONTRACT_VALIDATION_ERROR` for a failed load: the message lists every problem as
 * `file:line:column path: message`; `context` holds `file` and `problems`.
 *
 * @category Contracts
 */
export function createContractError(file: string, problems: readonly ContractProblem[], correlationId?: string): ModelOnexError {
  const lines = problems.map((p) => `  ${formatContractProblem(p)}`).join("\n");
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new ModelOnexError(`invalid contract ${file} (${count}):\n${lines}`, {
    errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR,
    correlationId,
    context: { file, problems: problems.map((p) => ({ ...p, segments: [...p.segments] })) },
  });
}

/**
 * Loads a contract or throws: like {@link loadContractText}, but returns the contract and throws a
 * {@link ModelOnexError} (`CONTRACT_VALIDATION_ERROR`, see {@link createContractError}) when there are errors.
 * Warnings are dropped; use {@link loadContractText} to see them.
 *
 * @category Contracts
 */
export function assertContract(text: string, file: string, correlationId?: string): ModelContract {
  const result = loadContractText(text, file);
  if (!result.ok) throw createContractError(file, result.problems, correlationId);
  return result.contract;
}
