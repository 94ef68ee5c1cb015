/**
 * Checks of a contract's `definitions` beyond their shape: references resolve and do not loop, keywords fit the
 * type, `required` names exist, bounds are ordered, defaults are valid, generated names do not collide. A contract
 * that passes generates models that compile.
 * @module
 */
import { CONTRACT_DEFINITION_FORMATS, contractDefinitionRef, contractDefinitionType, type ModelContractDefinition } from "./model-contract-definition.js";
import { contractDefinitionModelName, contractInlineDefinitionSchema } from "./util-contract-definition-schema.js";
import type { ContractIssue } from "./util-contract-problem.js";
import { analyzeWorkflowGraph } from "./util-workflow-graph.js";

type Path = readonly (string | number)[];

const STRING_KEYWORDS = ["format", "pattern", "minLength", "maxLength"] as const;
const NUMBER_KEYWORDS = ["minimum", "maximum"] as const;
const FORMATS: readonly string[] = CONTRACT_DEFINITION_FORMATS;

function literalFits(type: ModelContractDefinition["type"], value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
    case "object":
      return false;
    case undefined:
      return true;
  }
}

class DefinitionLinter {
  readonly issues: ContractIssue[] = [];
  readonly refs = new Set<string>();

  constructor(private readonly definitions: Readonly<Record<string, ModelContractDefinition>>) {}

  private error(segments: Path, message: string): void {
    this.issues.push({ segments, message, severity: "error", code: "definition_invalid" });
  }

  private warning(segments: Path, message: string): void {
    this.issues.push({ segments, message, severity: "warning", code: "definition_invalid" });
  }

  /** Returns whether the definition is sound enough to build a schema from. */
  check(definition: ModelContractDefinition, path: Path): boolean {
    const before = this.issues.filter((i) => i.severity === "error").length;
    const ref = contractDefinitionRef(definition);
    if (ref !== undefined) {
      const key = definition.ref !== undefined ? "ref" : "$ref";
      if (this.definitions[ref] === undefined) this.error([...path, key], `reference to unknown definition "${ref}"`);
      else this.refs.add(ref);
      for (const keyword of ["type", "properties", "items", "enum", ...STRING_KEYWORDS, ...NUMBER_KEYWORDS] as const) {
        if (definition[keyword] !== undefined) this.warning([...path, keyword], `"${keyword}" is ignored next to a reference`);
      }
    } else {
      this.checkKeywords(definition, path);
    }
    if (definition.properties !== undefined) {
      for (const [key, property] of Object.entries(definition.properties)) this.check(property, [...path, "properties", key]);
    }
    if (definition.items !== undefined) this.check(definition.items, [...path, "items"]);
    const sound = this.issues.filter((i) => i.severity === "error").length === before;
    if (sound && definition.default !== undefined) this.checkDefault(definition, path);
    return sound;
  }

  private checkKeywords(definition: ModelContractDefinition, path: Path): void {
    const type = contractDefinitionType(definition);
    if (definition.enum !== undefined && type !== undefined) {
      definition.enum.forEach((value, i) => {
        if (value !== null && !literalFits(type, value)) this.error([...path, "enum", i], `enum value ${JSON.stringify(value)} is not a ${type}`);
      });
    }
    for (const keyword of STRING_KEYWORDS) {
      if (definition[keyword] !== undefined && type !== "string") this.error([...path, keyword], `"${keyword}" applies to strings only (type is ${type ?? "not set"})`);
    }
    for (const keyword of NUMBER_KEYWORDS) {
      if (definition[keyword] !== undefined && type !== "integer" && type !== "number") {
        this.error([...path, keyword], `"${keyword}" applies to numbers only (type is ${type ?? "not set"})`);
      }
    }
    if (definition.properties !== undefined && type !== "object") this.error([...path, "properties"], `"properties" applies to objects only (type is ${type ?? "not set"})`);
    if (definition.items !== undefined && type !== "array") this.error([...path, "items"], `"items" applies to arrays only (type is ${type ?? "not set"})`);
    if (type === "array" && definition.items === undefined) this.warning([...path, "type"], `array without "items": elements are not checked`);
    if (definition.format !== undefined && !FORMATS.includes(definition.format)) {
      this.warning([...path, "format"], `format "${definition.format}" is not checked (known: ${FORMATS.join(", ")})`);
    }
    if (definition.pattern !== undefined) {
      try {
        new RegExp(definition.pattern);
      } catch {
        this.error([...path, "pattern"], `pattern is not a valid regular expression`);
      }
    }
    if (definition.minimum !== undefined && definition.maximum !== undefined && definition.minimum > definition.maximum) {
      this.error([...path, "minimum"], `minimum ${definition.minimum} is greater than maximum ${definition.maximum}`);
    }
    if (definition.minLength !== undefined && definition.maxLength !== undefined && definition.minLength > definition.maxLength) {
      this.error([...path, "minLength"], `minLength ${definition.minLength} is greater than maxLength ${definition.maxLength}`);
    }
    const properties = definition.properties ?? {};
    (definition.required ?? []).forEach((name, i) => {
      if (!Object.hasOwn(properties, name)) this.error([...path, "required", i], `required property "${name}" is not among the properties`);
    });
  }

  private checkDefault(definition: ModelContractDefinition, path: Path): void {
    const { default: _default, ...rest } = definition;
    try {
      const result = contractInlineDefinitionSchema(this.definitions, rest).safeParse(definition.default);
      if (!result.success) this.error([...path, "default"], `default ${JSON.stringify(definition.default)} does not match the definition: ${result.error.issues[0]?.message ?? "invalid"}`);
    } catch {
      // references that do not resolve are reported on their own
    }
  }
}

/**
 * Lints the `definitions` section; issue paths start with `definitions`.
 *
 * @category Contracts
 */
export function lintContractDefinitions(definitions: Readonly<Record<string, ModelContractDefinition>>): ContractIssue[] {
  const linter = new DefinitionLinter(definitions);
  const graph: { node_id: string; depends_on: string[] }[] = [];
  const modelNames = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    const path = ["definitions", name];
    const modelName = contractDefinitionModelName(name);
    if (modelName === undefined) {
      linter.issues.push({ segments: path, message: `definition name "${name}" has no letter or digit to name a model after`, severity: "error", code: "definition_invalid", atKey: true });
    } else {
      const other = modelNames.get(modelName);
      if (other !== undefined) {
        linter.issues.push({ segments: path, message: `definitions "${other}" and "${name}" both generate ${modelName}`, severity: "error", code: "definition_invalid", atKey: true });
      }
      modelNames.set(modelName, name);
    }
    linter.refs.clear();
    linter.check(definition, path);
    graph.push({ node_id: name, depends_on: [...linter.refs] });
  }
  for (const issue of analyzeWorkflowGraph(graph).issues) {
    if (issue.kind === "cycle" || issue.kind === "self_dependency") {
      const cycle = issue.cycle ?? [issue.nodeId];
      linter.issues.push({
        segments: ["definitions", issue.nodeId],
        message: `definitions reference each other in a cycle (${[...cycle, issue.nodeId].join(" -> ")}); codegen cannot generate recursive models`,
        severity: "error",
        code: "definition_invalid",
        atKey: true,
      });
    }
  }
  return linter.issues;
}
