import { z } from "zod";

/**
 * Message category segment of a topic name: `{env}.onex.<category>.<producer>.<name>.v<N>`.
 *
 * @category Enums
 */
export const EnumMessageCategory = {
  EVENT: "evt",
  COMMAND: "cmd",
  INTENT: "intent",
  SNAPSHOT: "snapshot",
  DLQ: "dlq",
} as const;

/** A message category value. @category Enums */
export type EnumMessageCategory = (typeof EnumMessageCategory)[keyof typeof EnumMessageCategory];

/** zod schema accepting exactly the message category values. @category Enums */
export const EnumMessageCategorySchema = z.enum(EnumMessageCategory);
