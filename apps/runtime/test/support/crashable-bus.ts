// A view of a shared in-memory bus for one runtime "process": `crash()` makes that process's consumers fail in the
// middle of whatever they are handling (as if the process died: nothing it still had running gets acknowledged), and
// `shutdown()` leaves the shared bus running for the next process. `failPublishes` makes publishes to a topic fail.
import type { ModelEventEnvelope } from "@onex/core";
import { InfraUnavailableError, type EventBusInmemory } from "@onex/infra";
import type {
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusSubscribeOptions,
  ProtocolEventBusUnsubscribe,
  ProtocolHealthCheckResult,
} from "@onex/spi";

export class CrashableBus implements ProtocolEventBus {
  private readonly unsubscribes: ProtocolEventBusUnsubscribe[] = [];
  private crashWith: (error: Error) => void = () => undefined;
  private readonly crashed: Promise<never>;
  /** Publishes to these topics fail this many more times. */
  readonly failPublishes = new Map<string, number>();

  constructor(readonly shared: EventBusInmemory) {
    this.crashed = new Promise<never>((_resolve, reject) => (this.crashWith = reject));
    this.crashed.catch(() => undefined);
  }

  start(): Promise<void> {
    return this.shared.start();
  }

  async publish(topic: string, message: ProtocolEventBusMessage): Promise<void> {
    this.maybeFail(topic);
    await this.shared.publish(topic, message);
  }

  async publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void> {
    this.maybeFail(topic);
    await this.shared.publishEnvelope(topic, envelope, key);
  }

  async subscribe(topic: string, groupId: string, handler: ProtocolEventBusHandler, options?: ProtocolEventBusSubscribeOptions): Promise<ProtocolEventBusUnsubscribe> {
    const unsubscribe = await this.shared.subscribe(topic, groupId, (envelope, meta) => Promise.race([handler(envelope, meta), this.crashed]), options);
    this.unsubscribes.push(unsubscribe);
    return unsubscribe;
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return this.shared.health();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The process dies: its consumers leave their groups and what they were handling fails unacknowledged. */
  async crash(): Promise<void> {
    const leaving = this.unsubscribes.map((unsubscribe) => unsubscribe());
    this.crashWith(new Error("process crashed"));
    await Promise.all(leaving);
  }

  private maybeFail(topic: string): void {
    const left = this.failPublishes.get(topic) ?? 0;
    if (left <= 0) return;
    this.failPublishes.set(topic, left - 1);
    throw new InfraUnavailableError(`publish to ${topic} failed (test)`);
  }
}
