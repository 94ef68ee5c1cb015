import { z } from "zod";

/**
 * Lifecycle of a service registered in `ModelONEXContainer`: `singleton` (one instance, owned by the scope that
 * registered it and shared with its child scopes), `transient` (a new instance per resolution) or `scoped` (one
 * instance per scope, e.g. per request).
 *
 * @category Enums
 */
export const EnumLifecycle = {
  SINGLETON: "singleton",
  TRANSIENT: "transient",
  SCOPED: "scoped",
} as const;

/** A lifecycle value. @category Enums */
export type EnumLifecycle = (typeof EnumLifecycle)[keyof typeof EnumLifecycle];

/** zod schema accepting exactly the lifecycle values. @category Enums */
export const EnumLifecycleSchema = z.enum(EnumLifecycle);
