// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "valkey_adapter", definition "ValkeyAdapterResult".
// Content hash: sha256:e7532a1cf61033f81cfcdcb1b9cf00b9e0f33a35a5d83792c135f275bb214b24
import { z } from "zod";

/** What the valkey handler returned; which field is set depends on the operation. */
export const ModelValkeyAdapterResult = z.looseObject({
  deleted: z.int().min(0).describe("delete: keys removed.").optional(),
  receivers: z.int().min(0).describe("publish: subscribers that got the message.").optional(),
  released: z.boolean().describe("lock.release: false when the token no longer holds the lock.").optional(),
  token: z.string().nullable().describe("lock.acquire: the lock token, or null when still held by someone else after waitMs.").optional(),
  updated: z.boolean().describe("expire: false when the key does not exist.").optional(),
  value: z.unknown().describe("get: the string, or null when absent; incr: the new number.").optional(),
  written: z.boolean().describe("set: false when nx and the key existed.").optional(),
}).describe("What the valkey handler returned; which field is set depends on the operation.");

/** The type of {@link ModelValkeyAdapterResult} after parsing. */
export type ModelValkeyAdapterResult = z.infer<typeof ModelValkeyAdapterResult>;
