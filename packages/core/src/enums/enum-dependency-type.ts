import { z } from "zod";

/**
 * What a contract dependency names: a protocol, another node or a service.
 *
 * @category Enums
 */
export const EnumDependencyType = {
  PROTOCOL: "protocol",
  NODE: "node",
  SERVICE: "service",
} as const;

/** A dependency type value. @category Enums */
export type EnumDependencyType = (typeof EnumDependencyType)[keyof typeof EnumDependencyType];

/** zod schema accepting exactly the dependency type values. @category Enums */
export const EnumDependencyTypeSchema = z.enum(EnumDependencyType);
