import { EventBusInmemory } from "../src/event-bus/event-bus-inmemory.js";
import { describeEventBusConformance } from "./support/event-bus-conformance.js";

describeEventBusConformance("EventBusInmemory", () => {
  const bus = new EventBusInmemory();
  const run = Math.random().toString(36).slice(2, 8);
  return Promise.resolve({
    bus,
    topic: (base: string) => `conformance-${run}-${base}`,
    cleanup: () => bus.shutdown({ drainTimeoutMs: 1_000 }),
  });
});
