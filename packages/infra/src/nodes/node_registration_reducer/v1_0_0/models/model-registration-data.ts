// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "node_registration_reducer", definition "RegistrationData".
// Content hash: sha256:b27aaf6cfb4e6ddbdb1a8dc5090047e4f6756d7aa49646ea1c9c512dbeef363c
import { z } from "zod";

/** What the reducer accumulates about one node (every field optional in an input; inputs are merged, last wins). */
export const ModelRegistrationData = z.object({
  capabilities: z.array(z.string()).describe("Operations or capabilities the node offers.").optional(),
  consul_registered: z.boolean().describe("Whether Consul acknowledged the registration.").optional(),
  endpoint: z.url().describe("URL the node serves on (host and port go to discovery).").optional(),
  failure_reason: z.string().nullable().describe("Why the last registration attempt failed.").optional(),
  introspected_at: z.iso.datetime({ offset: true }).describe("When the last introspection was received.").optional(),
  last_heartbeat_at: z.iso.datetime({ offset: true }).describe("When the node last showed a sign of life.").optional(),
  metadata: z.record(z.string(), z.unknown()).describe("JSON-safe free metadata; never secrets.").optional(),
  node_id: z.string().min(1).max(256).describe("Unique id of the node instance.").optional(),
  node_name: z.string().min(1).max(256).describe("Contract name of the node; the discovery service name.").optional(),
  node_type: z.enum(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]).describe("Archetype of the node.").optional(),
  node_version: z.string().regex(new RegExp("^\\d+\\.\\d+\\.\\d+$")).describe("Semantic version of the node.").optional(),
  postgres_upserted: z.boolean().describe("Whether PostgreSQL acknowledged the registration record.").optional(),
  registered_at: z.iso.datetime({ offset: true }).describe("When the node first became active.").optional(),
  registered_event_published: z.boolean().describe("Whether node.registered has been published for this registration.").optional(),
}).describe("What the reducer accumulates about one node (every field optional in an input; inputs are merged, last wins).");

/** The type of {@link ModelRegistrationData} after parsing. */
export type ModelRegistrationData = z.infer<typeof ModelRegistrationData>;
