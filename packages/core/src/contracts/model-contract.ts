/**
 * The schema of a node's `contract.yaml` for all four archetypes (ARCHITECTURE §4). Structural validation only:
 * cross-field integrity (FSM, workflow graph, topics, definitions) is checked by `lintContract`, and
 * `loadContractText` does both and reports file, line and path of every problem. Unknown keys are not errors
 * here (zod strips them); the loader reports them as warnings so contracts written for the original Python system
 * still load.
 * @module
 */
import { z } from "zod";
import { EnumNodeType, EnumNodeTypeSchema } from "../enums/enum-node-type.js";
import { ModelDependency } from "../models/model-dependency.js";
import { ModelSemVer } from "../models/model-sem-ver.js";
import { SEMVER_PATTERN } from "../models/util-semver.js";
import { ModelContractDefinition } from "./model-contract-definition.js";
import { ModelContractErrorHandling } from "./model-contract-error-handling.js";
import { ModelContractStateMachine } from "./model-contract-state-machine.js";
import { ModelContractWorkflowCoordination } from "./model-contract-workflow-coordination.js";

/**
 * A reference to a model class: `input_model` / `output_model`.
 *
 * @category Contracts
 */
export const ModelContractModelReference = z.object({
  /** Model name, e.g. `ModelRegistrationRequest`. */
  name: z.string().min(1),
  /** Module that exports it (for generated models: `./models/index.js`). */
  module: z.string().min(1),
});

/** A model reference. @category Contracts */
export type ModelContractModelReference = z.infer<typeof ModelContractModelReference>;

/**
 * The `event_bus` section. Topic names are checked by the linter against Kafka's rules (errors) and the ONEX
 * pattern `{env}.onex.<category>.<producer>.<name>.v<N>` (warnings).
 *
 * @category Contracts
 */
export const ModelContractEventBus = z.object({
  /** Topics the node consumes. */
  subscribe_topics: z.array(z.string()).default([]),
  /** Topics the node produces. */
  publish_topics: z.array(z.string()).default([]),
  /** Dead-letter topic for messages that cannot be processed. */
  dlq_topic: z.string().optional(),
});

/** The `event_bus` section. @category Contracts */
export type ModelContractEventBus = z.infer<typeof ModelContractEventBus>;

/**
 * The `health_check` section.
 *
 * @category Contracts
 */
export const ModelContractHealthCheck = z.object({
  /** Whether the runtime polls the node's health. */
  enabled: z.boolean().default(true),
  /** Polling interval. */
  interval_seconds: z.int().positive().default(30),
});

/** The `health_check` section. @category Contracts */
export type ModelContractHealthCheck = z.infer<typeof ModelContractHealthCheck>;

/**
 * One route of `handler_routing`: envelopes whose operation is `operation` go to `handler`.
 *
 * @category Contracts
 */
export const ModelContractHandlerRoute = z.object({
  /** Operation (e.g. `db.query`) or operation prefix (e.g. `db`). */
  operation: z.string().min(1),
  /** Handler type or name that serves it. */
  handler: z.string().min(1),
});

/** One handler route. @category Contracts */
export type ModelContractHandlerRoute = z.infer<typeof ModelContractHandlerRoute>;

/**
 * `handler_routing`, written either as a mapping `operation: handler` or as a list of `{operation, handler}`;
 * parsed into the list form (mapping order kept).
 *
 * @category Contracts
 */
export const ModelContractHandlerRouting = z
  .union([z.record(z.string(), z.string().min(1)), z.array(ModelContractHandlerRoute)], {
    error: "expected a mapping of operation to handler, or a list of {operation, handler}",
  })
  .transform((routing): ModelContractHandlerRoute[] =>
    Array.isArray(routing) ? routing : Object.entries(routing).map(([operation, handler]) => ({ operation, handler })),
  );

/** Parsed `handler_routing` (list form). @category Contracts */
export type ModelContractHandlerRouting = z.infer<typeof ModelContractHandlerRouting>;

/**
 * An event an orchestrator consumes or publishes: an event type name, or `{event_type, topic?, description?}`.
 *
 * @category Contracts
 */
export const ModelContractEventReference = z.union([
  z.string().min(1),
  z.object({
    /** Event type name. */
    event_type: z.string().min(1),
    /** Topic carrying it. */
    topic: z.string().optional(),
    /** Human description. */
    description: z.string().optional(),
  }),
]);

/** An event reference. @category Contracts */
export type ModelContractEventReference = z.infer<typeof ModelContractEventReference>;

const record = (): z.ZodRecord<z.ZodString, z.ZodUnknown> => z.record(z.string(), z.unknown());

/** Which section each archetype cannot do without. */
const REQUIRED_SECTION: Partial<Record<EnumNodeType, "state_machine" | "workflow_coordination">> = {
  [EnumNodeType.REDUCER_GENERIC]: "state_machine",
  [EnumNodeType.ORCHESTRATOR_GENERIC]: "workflow_coordination",
};

/**
 * A whole `contract.yaml`. Sections that only make sense for one archetype are optional here; a reducer must have
 * `state_machine` and an orchestrator `workflow_coordination` (the issue's path is the missing section and
 * `params.anchor` is `["node_type"]`, where the loader points).
 *
 * @category Contracts
 */
export const ModelContract = z
  .object({
    /** Node name (snake_case by convention, e.g. `node_registration_reducer`). */
    name: z.string().min(1),
    /** Version of the contract format. */
    contract_version: ModelSemVer,
    /** Version of the node implementation, `MAJOR.MINOR.PATCH`. */
    node_version: z.string().regex(SEMVER_PATTERN, { error: "expected a semantic version MAJOR.MINOR.PATCH, e.g. 1.0.0" }),
    /** Archetype. */
    node_type: EnumNodeTypeSchema,
    /** What the node does. */
    description: z.string().optional(),
    /** Free-form metadata (author, tags, ...). */
    metadata: record().default({}),
    /** Input model of `process()`. */
    input_model: ModelContractModelReference,
    /** Output model of `process()`. */
    output_model: ModelContractModelReference,
    /** Inline model schemas from which the node's models are generated. */
    definitions: z.record(z.string(), ModelContractDefinition).default({}),
    /** Services resolved from the container. */
    dependencies: z.array(ModelDependency).default([]),
    /** Topics. */
    event_bus: ModelContractEventBus.optional(),
    /** Reducer: the finite-state machine. */
    state_machine: ModelContractStateMachine.optional(),
    /** Reducer: how intents are emitted. */
    intent_emission: record().optional(),
    /** Reducer: idempotency settings. */
    idempotency: record().optional(),
    /** Orchestrator: the workflow. */
    workflow_coordination: ModelContractWorkflowCoordination.optional(),
    /** Orchestrator: events it consumes. */
    consumed_events: z.array(ModelContractEventReference).default([]),
    /** Orchestrator: events it publishes. */
    published_events: z.array(ModelContractEventReference).default([]),
    /** Effect (and orchestrator): operation -> handler. */
    handler_routing: ModelContractHandlerRouting.optional(),
    /** Effect: I/O operations it performs (free-form descriptions). */
    io_operations: z.array(record()).default([]),
    /** Effect: retry, circuit breaker, error types. */
    error_handling: ModelContractErrorHandling.optional(),
    /** Health polling. */
    health_check: ModelContractHealthCheck.optional(),
  })
  .superRefine((contract, ctx) => {
    const section = REQUIRED_SECTION[contract.node_type];
    if (section !== undefined && contract[section] === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [section],
        message: `a ${contract.node_type} contract needs a ${section} section`,
        params: { anchor: ["node_type"] },
      });
    }
  });

/** A parsed contract (defaults applied). @category Contracts */
export type ModelContract = z.infer<typeof ModelContract>;

/** A contract as written (defaulted fields optional). @category Contracts */
export type ModelContractInput = z.input<typeof ModelContract>;
