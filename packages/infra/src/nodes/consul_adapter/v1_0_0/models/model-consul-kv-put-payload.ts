// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulKvPutPayload".
// Content hash: sha256:f619c41a0b4c185619031a84117a40eccce1cd382beecf7967be5d5ebce2e505
import { z } from "zod";

/** Payload of consul.kv.put; with cas the write applies only if the key's ModifyIndex matches (0: only if absent). */
export const ModelConsulKvPutPayload = z.strictObject({
  cas: z.int().min(0).optional(),
  encoding: z.enum(["utf8", "base64"]).describe("How value is encoded.").optional(),
  flags: z.int().min(0).optional(),
  key: z.string().min(1).max(2048).regex(new RegExp("^[^/]")),
  value: z.string(),
}).describe("Payload of consul.kv.put; with cas the write applies only if the key's ModifyIndex matches (0: only if absent).");

/** The type of {@link ModelConsulKvPutPayload} after parsing. */
export type ModelConsulKvPutPayload = z.infer<typeof ModelConsulKvPutPayload>;
