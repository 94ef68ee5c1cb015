// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresAdapterInput".
// Content hash: sha256:ec0ba7bace3f89c8ca8340bed66eb03311759b9a91a7e06ba79c3358033836b2
import { z } from "zod";

/** One database operation; `payload` is checked against the operation's payload model. */
export const ModelPostgresAdapterInput = z.strictObject({
  correlation_id: z.string().min(1).max(256).describe("Correlation id to propagate; generated when absent.").optional(),
  operation: z.enum(["db.query", "db.execute", "db.transaction"]).describe("db.query reads rows, db.execute runs one statement for its effect, db.transaction runs statements all or nothing."),
  payload: z.record(z.string(), z.unknown()).describe("Arguments: PostgresQueryPayload (db.query), PostgresStatement (db.execute), PostgresTransactionPayload (db.transaction)."),
  timeout_ms: z.int().min(1).describe("Per-attempt timeout overriding error_handling.timeout_ms.").optional(),
}).describe("One database operation; `payload` is checked against the operation's payload model.");

/** The type of {@link ModelPostgresAdapterInput} after parsing. */
export type ModelPostgresAdapterInput = z.infer<typeof ModelPostgresAdapterInput>;
