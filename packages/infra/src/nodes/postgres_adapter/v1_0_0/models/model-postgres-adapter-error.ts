// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresAdapterError".
// Content hash: sha256:d9088e35379546422245075c2e4dc69bba9d53d35297b0e8ed2faa3f03fb4eb9
import { z } from "zod";

/** A failed operation, as the JSON form of the ONEX error (never a DSN, password or bound value). */
export const ModelPostgresAdapterError = z.looseObject({
  cause: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  errorCode: z.string(),
  message: z.string(),
  name: z.string(),
  status: z.int(),
  timestamp: z.string(),
}).describe("A failed operation, as the JSON form of the ONEX error (never a DSN, password or bound value).");

/** The type of {@link ModelPostgresAdapterError} after parsing. */
export type ModelPostgresAdapterError = z.infer<typeof ModelPostgresAdapterError>;
