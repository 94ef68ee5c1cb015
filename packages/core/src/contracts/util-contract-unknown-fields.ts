/**
 * Finds keys of a raw document that a zod schema does not declare (zod strips them silently). The contract loader
 * reports them as warnings: a typo such as `to_stat` is visible, and sections of the original Python contracts
 * that this runtime does not use do not stop a contract from loading.
 * @module
 */
import { z } from "zod";
import { formatContractPath, type ContractIssue } from "./util-contract-problem.js";

type Path = readonly (string | number)[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function walk(schema: z.ZodType, value: unknown, path: Path, out: ContractIssue[]): void {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    walk(schema.unwrap() as z.ZodType, value, path, out);
  } else if (schema instanceof z.ZodPipe) {
    walk(schema.in as z.ZodType, value, path, out);
  } else if (schema instanceof z.ZodLazy) {
    walk(schema.unwrap() as z.ZodType, value, path, out);
  } else if (schema instanceof z.ZodObject) {
    if (!isPlainObject(value)) return;
    const shape = schema.shape as Record<string, z.ZodType>;
    // A catchall (looseObject/strictObject) decides about unknown keys itself.
    const open = schema._zod.def.catchall !== undefined;
    for (const [key, child] of Object.entries(value)) {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field !== undefined) walk(field, child, [...path, key], out);
      else if (!open) {
        const where = path.length === 0 ? "at the top level" : `in ${formatContractPath(path)}`;
        out.push({ segments: [...path, key], message: `unknown field "${key}" ${where} is ignored`, severity: "warning", code: "unknown_field", atKey: true });
      }
    }
  } else if (schema instanceof z.ZodArray) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(schema.element as z.ZodType, item, [...path, i], out));
  } else if (schema instanceof z.ZodRecord) {
    if (isPlainObject(value)) for (const [key, child] of Object.entries(value)) walk(schema.valueType as z.ZodType, child, [...path, key], out);
  } else if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[];
    const match = options.find((option) => option.safeParse(value).success);
    if (match !== undefined) walk(match, value, path, out);
  }
}

/**
 * Keys of `value` that `schema` does not declare, as warnings (`unknown_field`) pointing at the key. Records and
 * objects with a catchall accept any key; for a union, the first option that accepts the value is followed.
 *
 * @category Contracts
 */
export function findUnknownFields(schema: z.ZodType, value: unknown): ContractIssue[] {
  const out: ContractIssue[] = [];
  walk(schema, value, [], out);
  return out;
}
