/**
 * Contract `definitions` at runtime: model names and file names the generator uses, and the zod schema a
 * definition stands for (the same mapping `onex codegen` writes as source). The linter uses the schema to check
 * `default` values; the runtime can use it to validate contract I/O without generated files.
 * @module
 */
import { z } from "zod";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { contractDefinitionRef, contractDefinitionType, type ModelContractDefinition, type ModelContractDefinitionLiteral } from "./model-contract-definition.js";

/**
 * `ModelONEXContainer` -> `model-onex-container`: the kebab form the `onex/file-naming` lint rule expects.
 *
 * @category Contracts
 */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/**
 * The generated model's name for a definition: `registration_request`, `RegistrationRequest` and
 * `ModelRegistrationRequest` all give `ModelRegistrationRequest`. `undefined` when the name has no letter or digit.
 *
 * @category Contracts
 */
export function contractDefinitionModelName(definitionName: string): string | undefined {
  const pascal = definitionName
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  if (pascal === "") return undefined;
  return /^Model[A-Z0-9]/.test(pascal) ? pascal : `Model${pascal}`;
}

/**
 * Base file name (no extension) of the generated model: `model-registration-request`.
 *
 * @category Contracts
 */
export function contractDefinitionFileBase(definitionName: string): string | undefined {
  const model = contractDefinitionModelName(definitionName);
  return model === undefined ? undefined : toKebabCase(model);
}

function fail(message: string, context: Record<string, unknown>): ModelOnexError {
  return new ModelOnexError(message, { errorCode: EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR, context });
}

/** zod schema of an enum of literals. */
function literalsSchema(values: readonly ModelContractDefinitionLiteral[]): z.ZodType {
  const strings = values.filter((v): v is string => typeof v === "string");
  if (strings.length === values.length && strings.length > 0) return z.enum(strings as [string, ...string[]]);
  const literals = values.map((v) => z.literal(v));
  const [first, second, ...rest] = literals;
  if (first === undefined) return z.never();
  return second === undefined ? first : z.union([first, second, ...rest]);
}

const STRING_FORMATS: Readonly<Record<string, () => z.ZodStringFormat>> = {
  uuid: () => z.uuid(),
  email: () => z.email(),
  "date-time": () => z.iso.datetime({ offset: true }),
  date: () => z.iso.date(),
  uri: () => z.url(),
};

function stringSchema(definition: ModelContractDefinition): z.ZodType {
  const format = definition.format !== undefined && Object.hasOwn(STRING_FORMATS, definition.format) ? STRING_FORMATS[definition.format] : undefined;
  let schema: z.ZodString | z.ZodStringFormat = format === undefined ? z.string() : format();
  if (definition.minLength !== undefined) schema = schema.min(definition.minLength);
  if (definition.maxLength !== undefined) schema = schema.max(definition.maxLength);
  if (definition.pattern !== undefined) schema = schema.regex(new RegExp(definition.pattern));
  return schema;
}

function numberSchema(definition: ModelContractDefinition, integer: boolean): z.ZodType {
  let schema = integer ? z.int() : z.number();
  if (definition.minimum !== undefined) schema = schema.min(definition.minimum);
  if (definition.maximum !== undefined) schema = schema.max(definition.maximum);
  return schema;
}

class SchemaBuilder {
  private readonly named = new Map<string, z.ZodType>();

  constructor(private readonly definitions: Readonly<Record<string, ModelContractDefinition>>) {}

  byName(name: string): z.ZodType {
    const cached = this.named.get(name);
    if (cached !== undefined) return cached;
    const definition = this.definitions[name];
    if (definition === undefined) throw fail(`unknown definition "${name}"`, { definition: name });
    const lazy = z.lazy(() => built);
    this.named.set(name, lazy);
    const built = this.build(definition);
    this.named.set(name, built);
    return built;
  }

  build(definition: ModelContractDefinition): z.ZodType {
    let schema = this.base(definition);
    if (definition.nullable === true) schema = schema.nullable();
    if (definition.default !== undefined) schema = schema.default(definition.default);
    return schema;
  }

  private base(definition: ModelContractDefinition): z.ZodType {
    const ref = contractDefinitionRef(definition);
    if (ref !== undefined) {
      if (this.definitions[ref] === undefined) throw fail(`reference to unknown definition "${ref}"`, { ref });
      return z.lazy(() => this.byName(ref));
    }
    if (definition.enum !== undefined) return literalsSchema(definition.enum);
    switch (contractDefinitionType(definition)) {
      case "string":
        return stringSchema(definition);
      case "integer":
        return numberSchema(definition, true);
      case "number":
        return numberSchema(definition, false);
      case "boolean":
        return z.boolean();
      case "array":
        return z.array(definition.items === undefined ? z.unknown() : this.build(definition.items));
      case "object":
        return this.object(definition);
      case undefined:
        return z.unknown();
    }
  }

  private object(definition: ModelContractDefinition): z.ZodType {
    if (definition.properties === undefined) return z.record(z.string(), z.unknown());
    const required = new Set(definition.required ?? []);
    const shape: Record<string, z.ZodType> = {};
    for (const key of Object.keys(definition.properties).sort()) {
      const property = definition.properties[key];
      if (property === undefined) continue;
      const schema = this.build(property);
      shape[key] = required.has(key) || property.default !== undefined ? schema : schema.optional();
    }
    if (definition.additionalProperties === false) return z.strictObject(shape);
    if (definition.additionalProperties === true) return z.looseObject(shape);
    return z.object(shape);
  }
}

/**
 * The zod schema that definition `name` of `definitions` stands for (references resolved lazily, so recursive
 * definitions work here even though codegen refuses them).
 *
 * @throws ModelOnexError `CONTRACT_VALIDATION_ERROR` when `name` or a definition it references does not exist.
 * @category Contracts
 */
export function contractDefinitionSchema(definitions: Readonly<Record<string, ModelContractDefinition>>, name: string): z.ZodType {
  return new SchemaBuilder(definitions).byName(name);
}

/**
 * The zod schema of an anonymous definition (e.g. one property) whose references point into `definitions`.
 *
 * @category Contracts
 */
export function contractInlineDefinitionSchema(definitions: Readonly<Record<string, ModelContractDefinition>>, definition: ModelContractDefinition): z.ZodType {
  return new SchemaBuilder(definitions).build(definition);
}
