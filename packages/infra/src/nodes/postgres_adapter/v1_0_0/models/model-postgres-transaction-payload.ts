// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresTransactionPayload".
// Content hash: sha256:0333566b40c68b2f67803f536ac3e2c92b9ef2dc76eb2670a4aab9c1cef3bb62
import { z } from "zod";
import { ModelPostgresStatement } from "./model-postgres-statement.js";

/** Payload of db.transaction; the statements commit together or not at all. */
export const ModelPostgresTransactionPayload = z.strictObject({
  statements: z.array(ModelPostgresStatement).describe("Statements in execution order (1 to 1000)."),
}).describe("Payload of db.transaction; the statements commit together or not at all.");

/** The type of {@link ModelPostgresTransactionPayload} after parsing. */
export type ModelPostgresTransactionPayload = z.infer<typeof ModelPostgresTransactionPayload>;
