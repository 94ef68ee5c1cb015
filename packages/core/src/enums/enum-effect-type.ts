import { z } from "zod";

/**
 * Kind of external I/O an effect node performs.
 *
 * @category Enums
 */
export const EnumEffectType = {
  DB: "db",
  HTTP: "http",
  CACHE: "cache",
  DISCOVERY: "discovery",
  SECRETS: "secrets",
  EVENT: "event",
  FILE: "file",
  CUSTOM: "custom",
} as const;

/** A effect type value. @category Enums */
export type EnumEffectType = (typeof EnumEffectType)[keyof typeof EnumEffectType];

/** zod schema accepting exactly the effect type values. @category Enums */
export const EnumEffectTypeSchema = z.enum(EnumEffectType);
