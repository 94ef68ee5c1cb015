// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulCheckPayload".
// Content hash: sha256:f2c7e1e7c07e6fa61056a3600772775450c226a88306abec9b2f70556a58c7b1
import { z } from "zod";

/** Payload of consul.check.pass, consul.check.warn and consul.check.fail (a TTL check's heartbeat). */
export const ModelConsulCheckPayload = z.strictObject({
  checkId: z.string().min(1),
  note: z.string().max(4096).optional(),
}).describe("Payload of consul.check.pass, consul.check.warn and consul.check.fail (a TTL check's heartbeat).");

/** The type of {@link ModelConsulCheckPayload} after parsing. */
export type ModelConsulCheckPayload = z.infer<typeof ModelConsulCheckPayload>;
