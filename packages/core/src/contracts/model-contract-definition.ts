/**
 * An inline model schema of a contract's `definitions` section: a JSON-schema-like subset from which
 * `onex codegen` generates the node's zod models (ARCHITECTURE §4).
 * @module
 */
import { z } from "zod";

/** Value types a definition can declare. @category Contracts */
export const CONTRACT_DEFINITION_TYPES = ["string", "integer", "number", "boolean", "array", "object"] as const;

/** String formats codegen maps to zod validators; other formats are accepted as plain strings (with a warning). @category Contracts */
export const CONTRACT_DEFINITION_FORMATS = ["uuid", "email", "date-time", "date", "uri"] as const;

/** A literal allowed in `enum`. @category Contracts */
export const ModelContractDefinitionLiteral = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A literal allowed in `enum`. @category Contracts */
export type ModelContractDefinitionLiteral = z.infer<typeof ModelContractDefinitionLiteral>;

/**
 * One model schema (recursive through `properties` and `items`). A reference to another definition is written
 * `ref: OtherName` or `$ref: "#/definitions/OtherName"`.
 *
 * @category Contracts
 */
export type ModelContractDefinition = {
  type?: (typeof CONTRACT_DEFINITION_TYPES)[number] | undefined;
  description?: string | undefined;
  properties?: Record<string, ModelContractDefinition> | undefined;
  required?: string[] | undefined;
  additionalProperties?: boolean | undefined;
  items?: ModelContractDefinition | undefined;
  enum?: ModelContractDefinitionLiteral[] | undefined;
  format?: string | undefined;
  pattern?: string | undefined;
  default?: unknown;
  nullable?: boolean | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  ref?: string | undefined;
  $ref?: string | undefined;
};

/**
 * zod schema of {@link ModelContractDefinition}.
 *
 * @category Contracts
 */
export const ModelContractDefinition: z.ZodType<ModelContractDefinition> = z.object({
  /** Value type; inferred from `properties`/`items`/`enum` when absent. */
  type: z.enum(CONTRACT_DEFINITION_TYPES).optional(),
  /** Human description, carried into the generated model. */
  description: z.string().optional(),
  /** Object properties. */
  get properties() {
    return z.record(z.string(), ModelContractDefinition).optional();
  },
  /** Names of the properties that must be present. */
  required: z.array(z.string()).optional(),
  /** `false`: reject unknown properties; `true`: keep them; absent: strip them. */
  additionalProperties: z.boolean().optional(),
  /** Element schema of an array. */
  get items() {
    return ModelContractDefinition.optional();
  },
  /** Allowed values. */
  enum: z.array(ModelContractDefinitionLiteral).min(1).optional(),
  /** String format (`uuid`, `email`, `date-time`, `date`, `uri`). */
  format: z.string().optional(),
  /** Regular expression a string must match. */
  pattern: z.string().optional(),
  /** Value used when the property is absent. */
  default: z.unknown().optional(),
  /** Whether `null` is accepted. */
  nullable: z.boolean().optional(),
  /** Inclusive lower bound of a number. */
  minimum: z.number().optional(),
  /** Inclusive upper bound of a number. */
  maximum: z.number().optional(),
  /** Shortest string. */
  minLength: z.int().nonnegative().optional(),
  /** Longest string. */
  maxLength: z.int().nonnegative().optional(),
  /** Name of another definition this one stands for. */
  ref: z.string().min(1).optional(),
  /** JSON-schema style reference, `#/definitions/<Name>`. */
  $ref: z.string().min(1).optional(),
});

/**
 * The definition name a `ref`/`$ref` points to, or `undefined` when the schema is not a reference.
 * `$ref` accepts `#/definitions/Name`, `#/$defs/Name` or a bare name.
 *
 * @category Contracts
 */
export function contractDefinitionRef(definition: ModelContractDefinition): string | undefined {
  if (definition.ref !== undefined) return definition.ref;
  if (definition.$ref === undefined) return undefined;
  const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(definition.$ref);
  return match?.[1] ?? definition.$ref;
}

/**
 * The effective type of a definition: its `type`, else `object` when it has `properties`, `array` when it has
 * `items`, `undefined` otherwise (any value, or an enum of literals).
 *
 * @category Contracts
 */
export function contractDefinitionType(definition: ModelContractDefinition): ModelContractDefinition["type"] {
  if (definition.type !== undefined) return definition.type;
  if (definition.properties !== undefined) return "object";
  if (definition.items !== undefined) return "array";
  return undefined;
}
