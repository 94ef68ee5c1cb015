// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulKvEntry".
// Content hash: sha256:710ad49dc30ceb684b82403abd35a914c3fa4b7bec45921b1ee6248d0e33b0da
import { z } from "zod";

/** One KV entry. */
export const ModelConsulKvEntry = z.looseObject({
  createIndex: z.int().optional(),
  encoding: z.enum(["utf8", "base64"]),
  flags: z.int().optional(),
  key: z.string(),
  lockIndex: z.int().optional(),
  modifyIndex: z.int(),
  session: z.string().nullable().optional(),
  value: z.string(),
}).describe("One KV entry.");

/** The type of {@link ModelConsulKvEntry} after parsing. */
export type ModelConsulKvEntry = z.infer<typeof ModelConsulKvEntry>;
