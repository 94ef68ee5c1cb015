import { z } from "zod";

/**
 * A semantic version as three non-negative integers (a contract's `contract_version`). Use `parseSemVer`,
 * `formatSemVer` and `compareSemVer` for the string form.
 *
 * @category Models
 */
export const ModelSemVer = z.object({
  /** Incompatible changes. */
  major: z.number().int().min(0),
  /** Compatible additions. */
  minor: z.number().int().min(0),
  /** Compatible fixes. */
  patch: z.number().int().min(0),
});

/** A semantic version. @category Models */
export type ModelSemVer = z.infer<typeof ModelSemVer>;
