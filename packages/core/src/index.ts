/**
 * @onex/core: node archetypes, zod I/O models, enums, the core error, the DI container, contracts and codegen.
 * @packageDocumentation
 */
export { EnumNodeType } from "./enums/enum-node-type.js";
export {
  EnumCoreErrorCode,
  EnumCoreErrorCodeInfo,
  EnumCoreErrorCodeSchema,
  type EnumCoreErrorCodeGroup,
} from "./enums/enum-core-error-code.js";
export {
  ModelOnexError,
  ModelOnexErrorJson,
  type ModelOnexErrorContext,
  type ModelOnexErrorOptions,
} from "./errors/model-onex-error.js";
