import { z } from "zod";

/**
 * How a reducer combines incoming data into its state (ARCHITECTURE §5).
 *
 * @category Enums
 */
export const EnumReductionType = {
  FOLD: "fold",
  ACCUMULATE: "accumulate",
  MERGE: "merge",
  AGGREGATE: "aggregate",
  NORMALIZE: "normalize",
  DEDUPLICATE: "deduplicate",
  SORT: "sort",
  FILTER: "filter",
  GROUP: "group",
  TRANSFORM: "transform",
} as const;

/** A reduction type value. @category Enums */
export type EnumReductionType = (typeof EnumReductionType)[keyof typeof EnumReductionType];

/** zod schema accepting exactly the reduction type values. @category Enums */
export const EnumReductionTypeSchema = z.enum(EnumReductionType);
