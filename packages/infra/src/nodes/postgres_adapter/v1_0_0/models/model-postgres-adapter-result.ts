// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresAdapterResult".
// Content hash: sha256:0ac4dae3574408b6a67c3f4f06bd314bbe1417c758a260be2b46ee84c80cc017
import { z } from "zod";

/** What the db handler returned; which fields are set depends on the operation. */
export const ModelPostgresAdapterResult = z.looseObject({
  fields: z.array(z.object({
    dataTypeID: z.int(),
    name: z.string(),
  })).describe("db.query: result columns.").optional(),
  results: z.array(z.object({
    rowCount: z.int().min(0),
  })).describe("db.transaction: rows affected by each statement.").optional(),
  rowCount: z.int().min(0).describe("db.query: rows returned; db.execute: rows affected.").optional(),
  rows: z.array(z.record(z.string(), z.unknown())).describe("db.query: the rows, as the driver decoded them.").optional(),
  truncated: z.boolean().describe("db.query: true when maxRows dropped rows.").optional(),
}).describe("What the db handler returned; which fields are set depends on the operation.");

/** The type of {@link ModelPostgresAdapterResult} after parsing. */
export type ModelPostgresAdapterResult = z.infer<typeof ModelPostgresAdapterResult>;
