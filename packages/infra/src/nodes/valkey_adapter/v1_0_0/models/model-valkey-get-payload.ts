// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyGetPayload".
// Content hash: sha256:e12407c06a938308c96818db5c7bc9c987e39ea151265ebb1f122aa817bad850
import { z } from "zod";

/** Payload of valkey.get. */
export const ModelValkeyGetPayload = z.strictObject({
  key: z.string().min(1).max(8192),
}).describe("Payload of valkey.get.");

/** The type of {@link ModelValkeyGetPayload} after parsing. */
export type ModelValkeyGetPayload = z.infer<typeof ModelValkeyGetPayload>;
