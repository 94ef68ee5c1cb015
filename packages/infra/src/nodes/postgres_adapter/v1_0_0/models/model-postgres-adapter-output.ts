// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresAdapterOutput".
// Content hash: sha256:0a1cfcd3035125396b460b71b82d4432e0b89322bc0a3881aa170f699dd7d8d2
import { z } from "zod";
import { ModelPostgresAdapterError } from "./model-postgres-adapter-error.js";
import { ModelPostgresAdapterResult } from "./model-postgres-adapter-result.js";

/** Outcome of one database operation. */
export const ModelPostgresAdapterOutput = z.object({
  correlation_id: z.string().min(1),
  error: ModelPostgresAdapterError.nullable().describe("The error; null on success."),
  metadata: z.record(z.string(), z.unknown()).describe("Facts the handler reported (driver, attempts, statements); never a secret."),
  operation: z.enum(["db.query", "db.execute", "db.transaction"]),
  processing_time_ms: z.number().min(0),
  result: ModelPostgresAdapterResult.nullable().describe("The handler's result; null on failure."),
  retry_count: z.int().min(0).describe("Retries by the node (the db handler's own single retry is not counted)."),
  success: z.boolean(),
}).describe("Outcome of one database operation.");

/** The type of {@link ModelPostgresAdapterOutput} after parsing. */
export type ModelPostgresAdapterOutput = z.infer<typeof ModelPostgresAdapterOutput>;
