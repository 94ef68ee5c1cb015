// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulInstance".
// Content hash: sha256:d60c4c7c146e024b998b4018cc0a0295cca19020b80ef1d81226776c5829acb3
import { z } from "zod";

/** One discovered service instance. */
export const ModelConsulInstance = z.looseObject({
  address: z.string(),
  checks: z.array(z.object({
    checkId: z.string(),
    status: z.string(),
  })).optional(),
  healthy: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  port: z.int(),
  serviceId: z.string(),
  serviceName: z.string(),
  tags: z.array(z.string()).optional(),
}).describe("One discovered service instance.");

/** The type of {@link ModelConsulInstance} after parsing. */
export type ModelConsulInstance = z.infer<typeof ModelConsulInstance>;
