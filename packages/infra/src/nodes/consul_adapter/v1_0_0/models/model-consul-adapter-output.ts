// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulAdapterOutput".
// Content hash: sha256:bd63451e31c6d5b323c854780534b3b43976527f382ee1983bff56acd0f3039e
import { z } from "zod";
import { ModelConsulAdapterError } from "./model-consul-adapter-error.js";
import { ModelConsulAdapterResult } from "./model-consul-adapter-result.js";

/** Outcome of one Consul operation. */
export const ModelConsulAdapterOutput = z.object({
  correlation_id: z.string().min(1),
  error: ModelConsulAdapterError.nullable().describe("The error; null on success."),
  metadata: z.record(z.string(), z.unknown()).describe("Facts the handler reported (backend, durationMs)."),
  operation: z.enum(["consul.register", "consul.deregister", "consul.discover", "consul.kv.get", "consul.kv.put", "consul.kv.delete", "consul.kv.list", "consul.check.pass", "consul.check.warn", "consul.check.fail"]),
  processing_time_ms: z.number().min(0),
  result: ModelConsulAdapterResult.nullable().describe("The handler's result; null on failure."),
  retry_count: z.int().min(0).describe("Retries by the node's retry policy."),
  success: z.boolean(),
}).describe("Outcome of one Consul operation.");

/** The type of {@link ModelConsulAdapterOutput} after parsing. */
export type ModelConsulAdapterOutput = z.infer<typeof ModelConsulAdapterOutput>;
