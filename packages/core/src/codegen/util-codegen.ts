/**
 * `onex codegen`: turns a contract's `definitions` into zod model files (`models/model-<name>.ts` plus
 * `models/index.ts`) and tells whether files on disk are up to date. Pure functions: the CLI or a script reads and
 * writes the files. Output is deterministic (definitions and properties sorted by name, fixed formatting), so CI
 * can fail when the committed files are stale.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import {
  contractDefinitionRef,
  contractDefinitionType,
  type ModelContractDefinition,
  type ModelContractDefinitionLiteral,
} from "../contracts/model-contract-definition.js";
import type { ModelContract } from "../contracts/model-contract.js";
import { lintContractDefinitions } from "../contracts/util-contract-definition-lint.js";
import { contractDefinitionFileBase, contractDefinitionModelName } from "../contracts/util-contract-definition-schema.js";
import { formatContractPath } from "../contracts/util-contract-problem.js";
import { sha256Hex } from "./util-content-hash.js";

/**
 * Options of {@link generateModels}.
 *
 * @category Codegen
 */
export interface GenerateModelsOptions {
  /** Directory of the generated files, relative to the node directory; `models` by default. */
  readonly directory?: string;
  /** Name of the source file quoted in the header; `contract.yaml` by default. */
  readonly source?: string;
}

/** One generated file; `path` is relative to the node directory, `/`-separated. @category Codegen */
export interface GeneratedFile {
  /** E.g. `models/model-registration-request.ts`. */
  readonly path: string;
  /** Full file content, `\n` line endings. */
  readonly content: string;
}

/** Result of {@link generateModels}. @category Codegen */
export interface GeneratedModels {
  /** Model files sorted by path, then `index.ts`; empty when the contract has no definitions. */
  readonly files: GeneratedFile[];
}

/** Result of {@link checkGeneratedModels}; all lists sorted. @category Codegen */
export interface GeneratedModelsCheck {
  /** Files whose content differs from what the contract generates. */
  readonly stale: string[];
  /** Files the contract generates that do not exist. */
  readonly missing: string[];
  /** Existing files the contract does not generate (e.g. from a removed definition). */
  readonly extra: string[];
}

/** First line of every generated file. @category Codegen */
export const GENERATED_FILE_MARKER = "// Generated from contract.yaml by onex codegen; do not edit.";

const HASH_PREFIX = "// Content hash: sha256:";
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

function containsObject(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsObject);
  return value !== null && typeof value === "object";
}

function docComment(text: string, indent: string): string {
  const lines = text.replace(/\*\//g, "*\\/").trim().split(/\r?\n/);
  if (lines.length === 1) return `${indent}/** ${lines[0] ?? ""} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

function enumExpr(values: readonly ModelContractDefinitionLiteral[]): string {
  if (values.every((v) => typeof v === "string")) return `z.enum([${values.map((v) => JSON.stringify(v)).join(", ")}])`;
  const literals = values.map((v) => `z.literal(${JSON.stringify(v)})`);
  return literals.length === 1 ? (literals[0] ?? "z.never()") : `z.union([${literals.join(", ")}])`;
}

const FORMAT_EXPR: Readonly<Record<string, string>> = {
  uuid: "z.uuid()",
  email: "z.email()",
  "date-time": "z.iso.datetime({ offset: true })",
  date: "z.iso.date()",
  uri: "z.url()",
};

class Emitter {
  readonly imports = new Set<string>();

  constructor(private readonly definitions: Readonly<Record<string, ModelContractDefinition>>) {}

  expression(definition: ModelContractDefinition, indent: string): string {
    let code = this.base(definition, indent);
    if (definition.nullable === true) code += ".nullable()";
    if (definition.default !== undefined) code += `.${containsObject(definition.default) ? "prefault" : "default"}(${stableJson(definition.default)})`;
    if (definition.description !== undefined) code += `.describe(${JSON.stringify(definition.description)})`;
    return code;
  }

  private base(definition: ModelContractDefinition, indent: string): string {
    const ref = contractDefinitionRef(definition);
    if (ref !== undefined && this.definitions[ref] !== undefined) {
      this.imports.add(ref);
      return contractDefinitionModelName(ref) ?? "z.unknown()";
    }
    if (definition.enum !== undefined) return enumExpr(definition.enum);
    switch (contractDefinitionType(definition)) {
      case "string": {
        const format = definition.format !== undefined && Object.hasOwn(FORMAT_EXPR, definition.format) ? FORMAT_EXPR[definition.format] : undefined;
        let code = format ?? "z.string()";
        if (definition.minLength !== undefined) code += `.min(${definition.minLength})`;
        if (definition.maxLength !== undefined) code += `.max(${definition.maxLength})`;
        if (definition.pattern !== undefined) code += `.regex(new RegExp(${JSON.stringify(definition.pattern)}))`;
        return code;
      }
      case "integer":
      case "number": {
        let code = definition.type === "integer" ? "z.int()" : "z.number()";
        if (definition.minimum !== undefined) code += `.min(${definition.minimum})`;
        if (definition.maximum !== undefined) code += `.max(${definition.maximum})`;
        return code;
      }
      case "boolean":
        return "z.boolean()";
      case "array":
        return `z.array(${definition.items === undefined ? "z.unknown()" : this.expression(definition.items, indent)})`;
      case "object":
        return this.object(definition, indent);
      case undefined:
        return "z.unknown()";
    }
  }

  private object(definition: ModelContractDefinition, indent: string): string {
    if (definition.properties === undefined) return "z.record(z.string(), z.unknown())";
    const factory = definition.additionalProperties === false ? "z.strictObject" : definition.additionalProperties === true ? "z.looseObject" : "z.object";
    const keys = Object.keys(definition.properties).sort();
    if (keys.length === 0) return `${factory}({})`;
    const required = new Set(definition.required ?? []);
    const inner = `${indent}  `;
    const lines = keys.map((key) => {
      const property = definition.properties?.[key] ?? {};
      const optional = !required.has(key) && property.default === undefined ? ".optional()" : "";
      const name = IDENTIFIER.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${this.expression(property, inner)}${optional},\n`;
    });
    return `${factory}({\n${lines.join("")}${indent}})`;
  }
}

function withHeader(body: string, lines: readonly string[]): string {
  return `${GENERATED_FILE_MARKER}\n${lines.map((line) => `// ${line}\n`).join("")}${HASH_PREFIX}${sha256Hex(body)}\n${body}`;
}

function modelFile(contract: Pick<ModelContract, "name" | "definitions">, name: string, definition: ModelContractDefinition, source: string): string {
  const emitter = new Emitter(contract.definitions);
  const model = contractDefinitionModelName(name) ?? name;
  const schema = emitter.expression(definition, "");
  const imports = [...emitter.imports]
    .filter((ref) => ref !== name)
    .map((ref) => `import { ${contractDefinitionModelName(ref) ?? ref} } from "./${contractDefinitionFileBase(ref) ?? ref}.js";\n`)
    .sort();
  const description = definition.description ?? `Model generated from definition "${name}" of ${source}.`;
  const body =
    `import { z } from "zod";\n${imports.join("")}\n` +
    docComment(description, "") +
    `export const ${model} = ${schema};\n\n` +
    `/** The type of {@link ${model}} after parsing. */\n` +
    `export type ${model} = z.infer<typeof ${model}>;\n`;
  return withHeader(body, [`Source: ${source} of contract ${JSON.stringify(contract.name)}, definition ${JSON.stringify(name)}.`]);
}

/**
 * Generates one zod model file per definition (`<directory>/model-<kebab>.ts` exporting `Model<Pascal>` and its
 * inferred type) plus `<directory>/index.ts` re-exporting them. Every file starts with
 * {@link GENERATED_FILE_MARKER}, a source line and a SHA-256 of the rest of the file.
 *
 * @throws ModelOnexError `CONTRACT_VALIDATION_ERROR` when the definitions have errors (unknown or cyclic
 * references, keywords that do not fit the type, bad defaults, colliding names), listing each with its path.
 * @category Codegen
 */
export function generateModels(contract: Pick<ModelContract, "name" | "definitions">, options: GenerateModelsOptions = {}): GeneratedModels {
  const directory = (options.directory ?? "models").replace(/\/+$/, "");
  const source = options.source ?? "contract.yaml";
  const errors = lintContractDefinitions(contract.definitions).filter((i) => i.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((i) => `  ${formatContractPath(i.segments)}: ${i.message}`).join("\n");
    throw new ModelOnexError(`cannot generate models for contract ${JSON.stringify(contract.name)}:\n${lines}`, {
      errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR,
      context: { contract: contract.name, problems: errors.map((i) => ({ path: formatContractPath(i.segments), message: i.message })) },
    });
  }
  const names = Object.keys(contract.definitions).sort((a, b) => (contractDefinitionFileBase(a) ?? a).localeCompare(contractDefinitionFileBase(b) ?? b));
  if (names.length === 0) return { files: [] };
  const files: GeneratedFile[] = [];
  for (const name of names) {
    const definition = contract.definitions[name];
    if (definition === undefined) continue;
    files.push({ path: `${directory}/${contractDefinitionFileBase(name) ?? name}.ts`, content: modelFile(contract, name, definition, source) });
  }
  const exports = names.map((name) => `export { ${contractDefinitionModelName(name) ?? name} } from "./${contractDefinitionFileBase(name) ?? name}.js";\n`).join("");
  files.push({ path: `${directory}/index.ts`, content: withHeader(exports, [`Source: ${source} of contract ${JSON.stringify(contract.name)}, models index.`]) });
  return { files };
}

/**
 * Compares existing files with what {@link generateModels} produces for `contract` (line endings normalised).
 *
 * @param existing - the files currently in the models directory, by path relative to the node directory
 * (`models/model-x.ts`); every path not generated is reported as `extra`.
 * @category Codegen
 */
export function checkGeneratedModels(
  contract: Pick<ModelContract, "name" | "definitions">,
  existing: Readonly<Record<string, string>>,
  options: GenerateModelsOptions = {},
): GeneratedModelsCheck {
  const expected = new Map(generateModels(contract, options).files.map((file) => [file.path, file.content]));
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const actual = Object.hasOwn(existing, path) ? existing[path] : undefined;
    if (actual === undefined) missing.push(path);
    else if (actual.replace(/\r\n/g, "\n") !== content) stale.push(path);
  }
  const extra = Object.keys(existing).filter((path) => !expected.has(path));
  return { stale: stale.sort(), missing: missing.sort(), extra: extra.sort() };
}

/**
 * Whether a file is a generated file whose body still matches its content hash: `modified` means someone edited
 * it by hand, `not_generated` that it has no generated header.
 *
 * @category Codegen
 */
export function verifyGeneratedFile(content: string): "intact" | "modified" | "not_generated" {
  const text = content.replace(/\r\n/g, "\n");
  if (!text.startsWith(`${GENERATED_FILE_MARKER}\n`)) return "not_generated";
  const start = text.indexOf(HASH_PREFIX);
  const end = text.indexOf("\n", start);
  if (start < 0 || end < 0) return "modified";
  return text.slice(start + HASH_PREFIX.length, end) === sha256Hex(text.slice(end + 1)) ? "intact" : "modified";
}
