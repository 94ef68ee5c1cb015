import { z } from "zod";
import { EnumActionTypeSchema } from "../enums/enum-action-type.js";

/**
 * An action run by a reducer on a transition or on entering/leaving a state (contract `actions[]`).
 *
 * @category Models
 */
export const ModelAction = z.object({
  /** Action name (for `emit_intent`, the intent type by convention). */
  action_name: z.string().min(1),
  /** What the action does. */
  action_type: EnumActionTypeSchema,
  /** Action parameters. */
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** A reducer action. @category Models */
export type ModelAction = z.infer<typeof ModelAction>;
