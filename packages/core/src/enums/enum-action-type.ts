import { z } from "zod";

/**
 * What a reducer transition or state-entry action does.
 *
 * @category Enums
 */
export const EnumActionType = {
  EMIT_INTENT: "emit_intent",
  SET_DATA: "set_data",
  LOG: "log",
  CUSTOM: "custom",
} as const;

/** A action type value. @category Enums */
export type EnumActionType = (typeof EnumActionType)[keyof typeof EnumActionType];

/** zod schema accepting exactly the action type values. @category Enums */
export const EnumActionTypeSchema = z.enum(EnumActionType);
