/**
 * Something whose health can be asked for: handlers, buses and stores implement it.
 *
 * @category Protocols
 */
export interface ProtocolHealthCheck {
  /** Reports whether the component can serve requests now, with a short reason when it cannot. */
  health(): Promise<{ readonly healthy: boolean; readonly details: Readonly<Record<string, unknown>> }>;
}
