/**
 * The problem record shared by the contract loader and linter: what is wrong, how bad, and where (file, 1-based
 * line and column, field path).
 * @module
 */
import { formatZodPath } from "../util/util-parse-model.js";

/** `error` makes a contract invalid; `warning` is reported and the contract still loads. @category Contracts */
export type ContractProblemSeverity = "error" | "warning";

/**
 * Stable machine-readable kind of a contract problem.
 *
 * @category Contracts
 */
export type ContractProblemCode =
  | "yaml_syntax"
  | "yaml_warning"
  | "schema"
  | "unknown_field"
  | "missing_section"
  | "missing_description"
  | "section_ignored"
  | "fsm_missing_initial_state"
  | "fsm_unknown_state"
  | "fsm_unreachable_state"
  | "fsm_duplicate_state"
  | "fsm_terminal_with_outgoing"
  | "fsm_no_terminal_state"
  | "fsm_bad_condition"
  | "workflow_duplicate_id"
  | "workflow_unknown_dependency"
  | "workflow_cycle"
  | "workflow_self_dependency"
  | "workflow_empty"
  | "topic_kafka"
  | "topic_onex"
  | "handler_routing_missing"
  | "handler_routing_duplicate"
  | "dependency_duplicate"
  | "dependency_missing_protocol"
  | "retry_delay_range"
  | "definition_invalid";

/**
 * One problem found in a contract. `line`/`column` are 1-based; 0 when the problem was found on an already
 * parsed object with no source text.
 *
 * @category Contracts
 */
export interface ContractProblem {
  /** File the contract came from (as given to the loader). */
  readonly file: string;
  /** 1-based line, 0 when unknown. */
  readonly line: number;
  /** 1-based column, 0 when unknown. */
  readonly column: number;
  /** Field path, e.g. `state_machine.transitions[2].to_state`; `(root)` for the document itself. */
  readonly path: string;
  /** The same path as segments, e.g. `["state_machine", "transitions", 2, "to_state"]`. */
  readonly segments: readonly (string | number)[];
  /** What is wrong. */
  readonly message: string;
  /** How bad. */
  readonly severity: ContractProblemSeverity;
  /** Kind of problem. */
  readonly code: ContractProblemCode;
}

/**
 * A problem before it is located in the source: the loader resolves `anchor` (or, when absent, `segments`) to a
 * line and column. `anchor` points somewhere more useful than the path itself, e.g. the `node_type` line for a
 * missing section.
 *
 * @category Contracts
 */
export interface ContractIssue {
  /** Field path. */
  readonly segments: readonly (string | number)[];
  /** What is wrong. */
  readonly message: string;
  /** How bad. */
  readonly severity: ContractProblemSeverity;
  /** Kind of problem. */
  readonly code: ContractProblemCode;
  /** Path to point at instead of `segments` when locating the problem in the source. */
  readonly anchor?: readonly (string | number)[];
  /** Point at the key rather than the value (used for unknown fields). */
  readonly atKey?: boolean;
  /** 1-based column inside a one-line string value (e.g. where a condition expression fails to parse). */
  readonly valueColumn?: number;
}

/**
 * Renders a path: `["state_machine", "transitions", 2, "to_state"]` -> `state_machine.transitions[2].to_state`.
 *
 * @category Contracts
 */
export function formatContractPath(segments: readonly (string | number)[]): string {
  return formatZodPath(segments);
}

/**
 * `file:line:column path: message` (line and column left out when unknown), the form used in error messages.
 *
 * @category Contracts
 */
export function formatContractProblem(problem: ContractProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where} ${problem.path}: ${problem.message}${problem.severity === "warning" ? " (warning)" : ""}`;
}

/**
 * Orders problems by line, column, then path; unlocated ones (line 0) keep their relative order at the end.
 *
 * @category Contracts
 */
export function sortContractProblems<T extends ContractProblem>(problems: readonly T[]): T[] {
  const key = (p: ContractProblem): number => (p.line === 0 ? Number.MAX_SAFE_INTEGER : p.line);
  return problems
    .map((problem, position) => ({ problem, position }))
    .sort((a, b) => key(a.problem) - key(b.problem) || a.problem.column - b.problem.column || a.position - b.position)
    .map((entry) => entry.problem);
}
