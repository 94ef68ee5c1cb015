// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulAdapterInput".
// Content hash: sha256:2618d3b8fddb8d003ed5e2097e38a3e610ba00ee8fe5a94d5fe2c890160a37b1
import { z } from "zod";

/** One Consul operation; `payload` is checked against the operation's payload model. */
export const ModelConsulAdapterInput = z.strictObject({
  correlation_id: z.string().min(1).max(256).describe("Correlation id to propagate; generated when absent.").optional(),
  operation: z.enum(["consul.register", "consul.deregister", "consul.discover", "consul.kv.get", "consul.kv.put", "consul.kv.delete", "consul.kv.list", "consul.check.pass", "consul.check.warn", "consul.check.fail"]),
  payload: z.record(z.string(), z.unknown()).describe("Arguments: the Consul<Operation>Payload model of the operation."),
  timeout_ms: z.int().min(1).describe("Per-attempt timeout overriding error_handling.timeout_ms.").optional(),
}).describe("One Consul operation; `payload` is checked against the operation's payload model.");

/** The type of {@link ModelConsulAdapterInput} after parsing. */
export type ModelConsulAdapterInput = z.infer<typeof ModelConsulAdapterInput>;
