// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulRegisterPayload".
// Content hash: sha256:a726dde95a2170b1ac9124a547a58fe707105962df2ce8daf91ca8b3ee5d8d63
import { z } from "zod";
import { ModelConsulHealthCheck } from "./model-consul-health-check.js";

/** Payload of consul.register (registers or replaces an instance). */
export const ModelConsulRegisterPayload = z.strictObject({
  address: z.string().min(1),
  healthCheck: ModelConsulHealthCheck.optional(),
  metadata: z.record(z.string(), z.unknown()).describe("Service metadata (string values).").optional(),
  port: z.int().min(1).max(65535),
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  tags: z.array(z.string()).optional(),
}).describe("Payload of consul.register (registers or replaces an instance).");

/** The type of {@link ModelConsulRegisterPayload} after parsing. */
export type ModelConsulRegisterPayload = z.infer<typeof ModelConsulRegisterPayload>;
