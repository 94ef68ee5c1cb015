// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulDeregisterPayload".
// Content hash: sha256:b55152374babf696fd70a18832bedb0b0edbdcb16f37b88fa06c4edc2f2b4ad5
import { z } from "zod";

/** Payload of consul.deregister. */
export const ModelConsulDeregisterPayload = z.strictObject({
  serviceId: z.string().min(1),
}).describe("Payload of consul.deregister.");

/** The type of {@link ModelConsulDeregisterPayload} after parsing. */
export type ModelConsulDeregisterPayload = z.infer<typeof ModelConsulDeregisterPayload>;
