import { z } from "zod";

/**
 * How a reducer consumes its input stream.
 *
 * @category Enums
 */
export const EnumStreamingMode = {
  BATCH: "batch",
  INCREMENTAL: "incremental",
  WINDOWED: "windowed",
  REAL_TIME: "real_time",
} as const;

/** A streaming mode value. @category Enums */
export type EnumStreamingMode = (typeof EnumStreamingMode)[keyof typeof EnumStreamingMode];

/** zod schema accepting exactly the streaming mode values. @category Enums */
export const EnumStreamingModeSchema = z.enum(EnumStreamingMode);
