// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", definition "PostgresStatement".
// Content hash: sha256:e9a6f4bcc83ee729adbd95c5f74da49e162fd9f55bd8d21a98edd3bb0682b8b3
import { z } from "zod";

/** Payload of db.execute, and one statement of db.transaction. */
export const ModelPostgresStatement = z.strictObject({
  params: z.array(z.unknown()).describe("Bind parameters in placeholder order.").optional(),
  sql: z.string().min(1).max(1000000).describe("One SQL statement with $1, $2, ... placeholders."),
}).describe("Payload of db.execute, and one statement of db.transaction.");

/** The type of {@link ModelPostgresStatement} after parsing. */
export type ModelPostgresStatement = z.infer<typeof ModelPostgresStatement>;
