import { z } from "zod";

/**
 * How a reducer resolves two values written to the same key.
 *
 * @category Enums
 */
export const EnumConflictResolution = {
  FIRST_WINS: "first_wins",
  LAST_WINS: "last_wins",
  MERGE: "merge",
  ERROR: "error",
  CUSTOM: "custom",
} as const;

/** A conflict resolution value. @category Enums */
export type EnumConflictResolution = (typeof EnumConflictResolution)[keyof typeof EnumConflictResolution];

/** zod schema accepting exactly the conflict resolution values. @category Enums */
export const EnumConflictResolutionSchema = z.enum(EnumConflictResolution);
