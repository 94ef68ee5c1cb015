// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyPublishPayload".
// Content hash: sha256:7721ce9d3cb535bd918371e44a10e712da8ba1209fcf74133e185492872bde0b
import { z } from "zod";

/** Payload of valkey.publish. */
export const ModelValkeyPublishPayload = z.strictObject({
  channel: z.string().min(1).max(1024),
  message: z.string(),
}).describe("Payload of valkey.publish.");

/** The type of {@link ModelValkeyPublishPayload} after parsing. */
export type ModelValkeyPublishPayload = z.infer<typeof ModelValkeyPublishPayload>;
