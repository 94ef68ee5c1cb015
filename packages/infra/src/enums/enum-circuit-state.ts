import { z } from "zod";

/** Circuit-breaker states (rulebook CircuitState values). */
export const EnumCircuitState = {
  CLOSED: "closed",
  OPEN: "open",
  HALF_OPEN: "half_open",
} as const;

export type EnumCircuitState = (typeof EnumCircuitState)[keyof typeof EnumCircuitState];

export const EnumCircuitStateSchema = z.enum(EnumCircuitState);
