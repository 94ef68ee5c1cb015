import { z } from "zod";

/**
 * State of an effect transaction (`ModelEffectTransaction`).
 *
 * @category Enums
 */
export const EnumTransactionState = {
  PENDING: "pending",
  ACTIVE: "active",
  COMMITTED: "committed",
  ROLLED_BACK: "rolled_back",
  FAILED: "failed",
} as const;

/** A transaction state value. @category Enums */
export type EnumTransactionState = (typeof EnumTransactionState)[keyof typeof EnumTransactionState];

/** zod schema accepting exactly the transaction state values. @category Enums */
export const EnumTransactionStateSchema = z.enum(EnumTransactionState);
