import { z } from "zod";
import { EnumDependencyTypeSchema } from "../enums/enum-dependency-type.js";

/**
 * A dependency declared in a contract (`dependencies[]`), resolved from the container when the node starts.
 *
 * @category Models
 */
export const ModelDependency = z.object({
  /** Service name (the container token name). */
  name: z.string().min(1),
  /** What the dependency is: a protocol implementation, another node or a service. */
  type: EnumDependencyTypeSchema,
  /** Protocol the dependency implements (`ProtocolEventBus`), for `type: protocol`. */
  protocol: z.string().min(1).optional(),
  /** Whether the node fails to start without it. */
  required: z.boolean().default(true),
});

/** A contract dependency. @category Models */
export type ModelDependency = z.infer<typeof ModelDependency>;
