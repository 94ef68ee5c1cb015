// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulKvGetPayload".
// Content hash: sha256:f56a376a504d6bba11cefa25df86e2e7e6338c67f6166a2739e6a55ccb775c4a
import { z } from "zod";

/** Payload of consul.kv.get. */
export const ModelConsulKvGetPayload = z.strictObject({
  encoding: z.enum(["utf8", "base64"]).describe("How the value is returned.").optional(),
  key: z.string().min(1).max(2048).regex(new RegExp("^[^/]")),
}).describe("Payload of consul.kv.get.");

/** The type of {@link ModelConsulKvGetPayload} after parsing. */
export type ModelConsulKvGetPayload = z.infer<typeof ModelConsulKvGetPayload>;
