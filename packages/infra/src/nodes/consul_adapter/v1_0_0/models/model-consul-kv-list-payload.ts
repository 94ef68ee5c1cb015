// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulKvListPayload".
// Content hash: sha256:a1bdd1c9c0736472c286ab994d4d68fb7c74162121069b99a0837f0f5e60f0d1
import { z } from "zod";

/** Payload of consul.kv.list (key names, or whole entries with withValues). */
export const ModelConsulKvListPayload = z.strictObject({
  encoding: z.enum(["utf8", "base64"]).optional(),
  prefix: z.string().max(2048).optional(),
  separator: z.string().min(1).optional(),
  withValues: z.boolean().optional(),
}).describe("Payload of consul.kv.list (key names, or whole entries with withValues).");

/** The type of {@link ModelConsulKvListPayload} after parsing. */
export type ModelConsulKvListPayload = z.infer<typeof ModelConsulKvListPayload>;
