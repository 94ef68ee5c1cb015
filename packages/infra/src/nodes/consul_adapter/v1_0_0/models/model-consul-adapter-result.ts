// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "consul_adapter", definition "ConsulAdapterResult".
// Content hash: sha256:66678b7afacd90ee7e58f42d15b10b9309a5c8886e0c05e884cc6713034c47cf
import { z } from "zod";
import { ModelConsulInstance } from "./model-consul-instance.js";
import { ModelConsulKvEntry } from "./model-consul-kv-entry.js";

/** What the consul handler returned; which fields are set depends on the operation. */
export const ModelConsulAdapterResult = z.looseObject({
  applied: z.boolean().describe("kv.put, kv.delete: false when a check-and-set did not match.").optional(),
  checkId: z.string().nullable().describe("register: the registered check, or null; check.*: the check updated.").optional(),
  deregistered: z.boolean().describe("deregister: false when the agent did not know the instance.").optional(),
  entries: z.array(ModelConsulKvEntry).describe("kv.list with withValues: the entries.").optional(),
  entry: ModelConsulKvEntry.nullable().describe("kv.get: the entry, or null.").optional(),
  found: z.boolean().describe("kv.get: whether the key exists.").optional(),
  index: z.int().describe("discover, kv.get: the Consul index of the answer.").optional(),
  instances: z.array(ModelConsulInstance).describe("discover: the instances.").optional(),
  key: z.string().optional(),
  keys: z.array(z.string()).describe("kv.list: key names.").optional(),
  prefix: z.string().optional(),
  serviceId: z.string().describe("register, deregister.").optional(),
  serviceName: z.string().optional(),
  status: z.string().describe("check.*: passing, warning or critical.").optional(),
}).describe("What the consul handler returned; which fields are set depends on the operation.");

/** The type of {@link ModelConsulAdapterResult} after parsing. */
export type ModelConsulAdapterResult = z.infer<typeof ModelConsulAdapterResult>;
