// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulKvDeletePayload".
// Content hash: sha256:feed69d7fda8b1651dfe0b24c99db134ee6390c7b69bcf9b4d07a345be35ba70
import { z } from "zod";

/** Payload of consul.kv.delete. */
export const ModelConsulKvDeletePayload = z.strictObject({
  cas: z.int().min(1).optional(),
  key: z.string().min(1).max(2048).regex(new RegExp("^[^/]")),
  recurse: z.boolean().describe("Delete every key under the prefix.").optional(),
}).describe("Payload of consul.kv.delete.");

/** The type of {@link ModelConsulKvDeletePayload} after parsing. */
export type ModelConsulKvDeletePayload = z.infer<typeof ModelConsulKvDeletePayload>;
