// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulAdapterError".
// Content hash: sha256:e1bd41b79b98c7bf77fd00b06b384ce6425b9bba8e9168659ab80d6178ddcc72
import { z } from "zod";

/** A failed operation, as the JSON form of the ONEX error (never the ACL token). */
export const ModelConsulAdapterError = z.looseObject({
  cause: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  errorCode: z.string(),
  message: z.string(),
  name: z.string(),
  status: z.int(),
  timestamp: z.string(),
}).describe("A failed operation, as the JSON form of the ONEX error (never the ACL token).");

/** The type of {@link ModelConsulAdapterError} after parsing. */
export type ModelConsulAdapterError = z.infer<typeof ModelConsulAdapterError>;
