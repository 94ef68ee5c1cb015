import { z } from "zod";

/**
 * The four ONEX node archetypes (ARCHITECTURE §1), as written in a contract's `node_type`.
 *
 * @category Enums
 */
export const EnumNodeType = {
  EFFECT_GENERIC: "EFFECT_GENERIC",
  COMPUTE_GENERIC: "COMPUTE_GENERIC",
  REDUCER_GENERIC: "REDUCER_GENERIC",
  ORCHESTRATOR_GENERIC: "ORCHESTRATOR_GENERIC",
} as const;

/** A node archetype value. @category Enums */
export type EnumNodeType = (typeof EnumNodeType)[keyof typeof EnumNodeType];

/** zod schema accepting exactly the node archetype values. @category Enums */
export const EnumNodeTypeSchema = z.enum(EnumNodeType);
