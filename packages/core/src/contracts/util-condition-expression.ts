/**
 * The closed condition language of contract transitions (ARCHITECTURE §4). Parsed into a small AST and
 * interpreted; never `eval`'d. Grammar (keywords are lower case; `and` binds tighter than `or`; no parentheses):
 *
 * ```
 * expression := conjunction ("or" conjunction)*
 * conjunction := unary ("and" unary)*
 * unary      := "not" unary | test
 * test       := field ("is_present" | "is_true" | "is_false" | "is_valid" | "equals" value)
 * field      := segment ("." segment)*      segment := [A-Za-z_][A-Za-z0-9_-]* | [0-9]+
 * value      := number | true | false | null | "double quoted" | 'single quoted' | bare-word (a string)
 * ```
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/** Unary checks of the language. @category Contracts */
export type ConditionCheck = "is_present" | "is_true" | "is_false" | "is_valid";

/** A literal on the right of `equals`. @category Contracts */
export type ConditionLiteral = string | number | boolean | null;

/**
 * AST of a condition expression. `column` is the 1-based column where the node starts in the source text.
 *
 * @category Contracts
 */
export type ConditionExpression =
  | { readonly kind: "check"; readonly field: string; readonly path: readonly string[]; readonly check: ConditionCheck; readonly column: number }
  | { readonly kind: "equals"; readonly field: string; readonly path: readonly string[]; readonly value: ConditionLiteral; readonly column: number }
  | { readonly kind: "not"; readonly operand: ConditionExpression; readonly column: number }
  | { readonly kind: "and" | "or"; readonly operands: readonly ConditionExpression[]; readonly column: number };

interface Token {
  readonly text: string;
  readonly column: number;
  /** Set for quoted strings: the unescaped value. */
  readonly quoted?: string;
}

const CHECKS: ReadonlySet<string> = new Set<ConditionCheck>(["is_present", "is_true", "is_false", "is_valid"]);
const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "equals", ...CHECKS]);
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_-]*|[0-9]+)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function syntaxError(text: string, column: number, expected: string, found: string | undefined): ModelOnexError {
  const what = found === undefined ? "end of expression" : JSON.stringify(found);
  return new ModelOnexError(`invalid condition expression: expected ${expected} at column ${column}, found ${what}`, {
    errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR,
    context: { expression: text, column, expected },
  });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === "'") {
      let value = "";
      i++;
      while (i < text.length && text.charAt(i) !== ch) {
        if (text.charAt(i) === "\\" && i + 1 < text.length) i++;
        value += text.charAt(i);
        i++;
      }
      if (i >= text.length) throw syntaxError(text, start + 1, `a closing ${ch}`, undefined);
      i++;
      tokens.push({ text: text.slice(start, i), column: start + 1, quoted: value });
      continue;
    }
    while (i < text.length && !/\s/.test(text.charAt(i))) i++;
    tokens.push({ text: text.slice(start, i), column: start + 1 });
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): ConditionExpression {
    const expression = this.disjunction();
    const extra = this.peek();
    if (extra !== undefined) throw syntaxError(this.source, extra.column, '"and", "or" or the end of the expression', extra.text);
    return expression;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private endColumn(): number {
    return this.source.trimEnd().length + 1;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token !== undefined && token.quoted === undefined && token.text === word;
  }

  private disjunction(): ConditionExpression {
    const first = this.conjunction();
    const operands = [first];
    while (this.isKeyword("or")) {
      this.position++;
      operands.push(this.conjunction());
    }
    return operands.length === 1 ? first : { kind: "or", operands, column: first.column };
  }

  private conjunction(): ConditionExpression {
    const first = this.unary();
    const operands = [first];
    while (this.isKeyword("and")) {
      this.position++;
      operands.push(this.unary());
    }
    return operands.length === 1 ? first : { kind: "and", operands, column: first.column };
  }

  private unary(): ConditionExpression {
    const token = this.peek();
    if (token !== undefined && this.isKeyword("not")) {
      this.position++;
      return { kind: "not", operand: this.unary(), column: token.column };
    }
    return this.test();
  }

  private test(): ConditionExpression {
    const fieldToken = this.peek();
    if (fieldToken === undefined) throw syntaxError(this.source, this.endColumn(), "a field name", undefined);
    const path = fieldToken.text.split(".");
    if (fieldToken.quoted !== undefined || KEYWORDS.has(fieldToken.text) || !path.every((s) => SEGMENT.test(s))) {
      throw syntaxError(this.source, fieldToken.column, "a field name (dotted path such as a.b.c)", fieldToken.text);
    }
    this.position++;
    const opToken = this.peek();
    const expectedOp = "is_present, is_true, is_false, is_valid or equals";
    if (opToken === undefined) throw syntaxError(this.source, this.endColumn(), expectedOp, undefined);
    this.position++;
    const base = { field: fieldToken.text, path, column: fieldToken.column };
    if (opToken.quoted === undefined && CHECKS.has(opToken.text)) {
      return { kind: "check", ...base, check: opToken.text as ConditionCheck };
    }
    if (opToken.quoted !== undefined || opToken.text !== "equals") throw syntaxError(this.source, opToken.column, expectedOp, opToken.text);
    const valueToken = this.peek();
    if (valueToken === undefined) throw syntaxError(this.source, this.endColumn(), "a value after equals", undefined);
    if (valueToken.quoted === undefined && KEYWORDS.has(valueToken.text)) {
      throw syntaxError(this.source, valueToken.column, "a value after equals (quote keywords used as strings)", valueToken.text);
    }
    this.position++;
    return { kind: "equals", ...base, value: literal(valueToken) };
  }
}

function literal(token: Token): ConditionLiteral {
  if (token.quoted !== undefined) return token.quoted;
  if (token.text === "true") return true;
  if (token.text === "false") return false;
  if (token.text === "null") return null;
  if (NUMBER.test(token.text)) return Number(token.text);
  return token.text;
}

/**
 * Parses a condition expression.
 *
 * @throws ModelOnexError `CONTRACT_VALIDATION_ERROR` whose message says what was expected at which 1-based
 * column (`context.column`, `context.expected`, `context.expression`).
 * @category Contracts
 */
export function parseConditionExpression(text: string): ConditionExpression {
  return new Parser(text, tokenize(text)).parse();
}

/** Resolves a dotted path in `data` (own properties only; numeric segments index arrays). */
function resolve(data: unknown, path: readonly string[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^[0-9]+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === "object" && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function isValid(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return !Number.isNaN(value);
  return true;
}

/**
 * Evaluates a parsed expression against `data`:
 * `is_present` = the path resolves to a value other than `undefined` (`null` counts as present);
 * `is_valid` = present, not `null`, not an empty/blank string, not an empty array, not `NaN`;
 * `is_true`/`is_false` = the value is exactly `true`/`false`;
 * `equals` = strict equality with the literal (no coercion: `3` does not equal `"3"`).
 *
 * @category Contracts
 */
export function evaluateConditionExpression(expr: ConditionExpression, data: Readonly<Record<string, unknown>>): boolean {
  switch (expr.kind) {
    case "and":
      return expr.operands.every((operand) => evaluateConditionExpression(operand, data));
    case "or":
      return expr.operands.some((operand) => evaluateConditionExpression(operand, data));
    case "not":
      return !evaluateConditionExpression(expr.operand, data);
    case "equals":
      return resolve(data, expr.path) === expr.value;
    case "check": {
      const value = resolve(data, expr.path);
      switch (expr.check) {
        case "is_present":
          return value !== undefined;
        case "is_true":
          return value === true;
        case "is_false":
          return value === false;
        case "is_valid":
          return isValid(value);
      }
    }
  }
}

/**
 * Field paths an expression reads, each once, in order of first appearance.
 *
 * @category Contracts
 */
export function conditionFields(expr: ConditionExpression): string[] {
  const fields: string[] = [];
  const visit = (node: ConditionExpression): void => {
    switch (node.kind) {
      case "and":
      case "or":
        node.operands.forEach(visit);
        return;
      case "not":
        visit(node.operand);
        return;
      case "check":
      case "equals":
        if (!fields.includes(node.field)) fields.push(node.field);
    }
  };
  visit(expr);
  return fields;
}
