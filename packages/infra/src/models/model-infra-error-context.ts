import { z } from "zod";
import { EnumInfraTransportTypeSchema } from "../enums/enum-infra-transport-type.js";

/**
 * Structured context of an infrastructure error (ARCHITECTURE §6). Holds only safe identifiers: the transport,
 * the operation name, the target (service or resource name, never a DSN with credentials), the correlation id and
 * an optional namespace. Errors pass it through the sanitiser anyway.
 */
export const ModelInfraErrorContext = z.object({
  transportType: EnumInfraTransportTypeSchema.optional(),
  operation: z.string().optional(),
  targetName: z.string().optional(),
  correlationId: z.string().optional(),
  namespace: z.string().optional(),
});

export type ModelInfraErrorContext = z.infer<typeof ModelInfraErrorContext>;
