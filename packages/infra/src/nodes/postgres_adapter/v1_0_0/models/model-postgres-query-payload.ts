// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresQueryPayload".
// Content hash: sha256:faf18ddfd9b67763eb9e9d6b053c536c5dfd01b42d41a6e11db49268bfc73202
import { z } from "zod";

/** Payload of db.query. */
export const ModelPostgresQueryPayload = z.strictObject({
  maxRows: z.int().min(1).describe("Rows kept (capped by the handler's maxRows); more are dropped and flagged truncated.").optional(),
  params: z.array(z.unknown()).describe("Bind parameters in placeholder order.").optional(),
  sql: z.string().min(1).max(1000000).describe("One SQL statement with $1, $2, ... placeholders."),
}).describe("Payload of db.query.");

/** The type of {@link ModelPostgresQueryPayload} after parsing. */
export type ModelPostgresQueryPayload = z.infer<typeof ModelPostgresQueryPayload>;
