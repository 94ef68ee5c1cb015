// The embedded event bus: what a subscriber sees is what it sees on Kafka. One partition per topic (so order is
// kept for every key), monotonically increasing offsets, bounded history, consumer groups whose committed offsets
// survive unsubscribe, asynchronous at-least-once delivery that commits only after the handler resolved or the
// message reached the DLQ, retries and dead-lettering through the shared delivery pipeline.
import { validateTopicName, type ModelEventEnvelope } from "@onex/core";
import type {
  ProtocolEventBus,
  ProtocolEventBusHandler,
  ProtocolEventBusMessage,
  ProtocolEventBusShutdownOptions,
  ProtocolEventBusSubscribeOptions,
  ProtocolEventBusUnsubscribe,
  ProtocolHealthCheckResult,
} from "@onex/spi";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { InmemoryTopicLog, type InmemoryBusMessage } from "./util-inmemory-topic-log.js";
import { DEFAULT_MAX_ENVELOPE_BYTES, ENVELOPE_HEADERS, encodeEnvelope, type EncodedEnvelope } from "./util-envelope-codec.js";
import { deliverMessage } from "./util-message-delivery.js";
import { dlqTopicFor } from "./util-topic-names.js";

export type { InmemoryBusMessage } from "./util-inmemory-topic-log.js";

export interface EventBusInmemoryOptions {
  /** Messages kept per topic; the oldest are dropped beyond it (offsets keep increasing). Default 10,000. */
  readonly maxMessagesPerTopic?: number | undefined;
  /** Largest message value accepted, in bytes. Default 1 MiB. */
  readonly maxMessageBytes?: number | undefined;
  /** Dead-letter topic of a topic when the subscription names none. Default {@link dlqTopicFor}. */
  readonly dlqTopicFor?: ((topic: string) => string) | undefined;
  /** Delay before each redelivery of a failed message, in milliseconds. Default 0. */
  readonly retryDelayMs?: number | undefined;
  /** Drain bound of `shutdown()` when the caller gives none. Default 10,000 ms. */
  readonly defaultDrainTimeoutMs?: number | undefined;
  /** `source` of dead-letter envelopes. Default `event-bus-inmemory`. */
  readonly name?: string | undefined;
  readonly now?: (() => Date) | undefined;
}

type BusState = "created" | "started" | "stopping" | "stopped";

interface Member {
  readonly handler: ProtocolEventBusHandler;
  readonly options: ProtocolEventBusSubscribeOptions;
  active: boolean;
  inFlight: Promise<unknown> | null;
}

interface Group {
  readonly topic: string;
  readonly groupId: string;
  /** Next offset to deliver (Kafka's committed-offset convention). */
  committed: number;
  members: Member[];
  nextMember: number;
  scheduled: boolean;
  pumping: Promise<void> | null;
  skippedByRetention: number;
  lastError: string | null;
}

const YIELD_EVERY = 256;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The in-memory {@link ProtocolEventBus}: the embedded default, with Kafka's consumer-visible semantics. */
export class EventBusInmemory implements ProtocolEventBus {
  private state: BusState = "created";
  private readonly logs = new Map<string, InmemoryTopicLog>();
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly maxMessagesPerTopic: number;
  private readonly maxMessageBytes: number;
  private readonly dlqTopicOf: (topic: string) => string;
  private readonly retryDelayMs: number;
  private readonly defaultDrainTimeoutMs: number;
  private readonly name: string;
  private readonly now: () => Date;

  constructor(options: EventBusInmemoryOptions = {}) {
    this.maxMessagesPerTopic = options.maxMessagesPerTopic ?? 10_000;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
    this.dlqTopicOf = options.dlqTopicFor ?? dlqTopicFor;
    this.retryDelayMs = options.retryDelayMs ?? 0;
    this.defaultDrainTimeoutMs = options.defaultDrainTimeoutMs ?? 10_000;
    this.name = options.name ?? "event-bus-inmemory";
    this.now = options.now ?? (() => new Date());
    if (!Number.isInteger(this.maxMessagesPerTopic) || this.maxMessagesPerTopic < 1) {
      throw new ProtocolConfigurationError("maxMessagesPerTopic must be a positive integer", this.context("configure"));
    }
  }

  start(): Promise<void> {
    this.state = "started";
    return Promise.resolve();
  }

  async publish(topic: string, message: ProtocolEventBusMessage): Promise<void> {
    this.assertStarted("publish", topic, message.headers?.[ENVELOPE_HEADERS.CORRELATION_ID]);
    this.assertTopic(topic, "publish");
    const value = typeof message.value === "string" ? Buffer.from(message.value, "utf8") : Buffer.from(message.value);
    if (value.byteLength > this.maxMessageBytes) {
      throw new EnvelopeValidationError(`message for topic "${topic}" is ${value.byteLength} bytes; at most ${this.maxMessageBytes} are allowed`, {
        ...this.context("publish", topic),
        reason: "PAYLOAD_TOO_LARGE",
        sizeBytes: value.byteLength,
        maxBytes: this.maxMessageBytes,
      });
    }
    this.append(topic, { key: message.key ?? null, value, headers: { ...(message.headers ?? {}) } });
    await Promise.resolve();
  }

  async publishEnvelope(topic: string, envelope: ModelEventEnvelope, key?: string | null): Promise<void> {
    this.assertStarted("publish", topic, envelope.correlation_id);
    this.assertTopic(topic, "publish");
    this.append(topic, encodeEnvelope(envelope, { key, maxBytes: this.maxMessageBytes }));
    await Promise.resolve();
  }

  async subscribe(topic: string, groupId: string, handler: ProtocolEventBusHandler, options: ProtocolEventBusSubscribeOptions = {}): Promise<ProtocolEventBusUnsubscribe> {
    this.assertStarted("subscribe", topic);
    this.assertTopic(topic, "subscribe");
    if (groupId.length === 0) throw new ProtocolConfigurationError("consumer group id must not be empty", this.context("subscribe", topic));
    const { maxRetries, dlqTopic } = options;
    if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0)) {
      throw new ProtocolConfigurationError(`maxRetries must be a non-negative integer, got ${maxRetries}`, this.context("subscribe", topic));
    }
    if (dlqTopic !== undefined) this.assertTopic(dlqTopic, "subscribe");
    const log = this.log(topic);
    const groups = this.groupsOf(topic);
    let group = groups.get(groupId);
    if (group === undefined) {
      group = {
        topic,
        groupId,
        committed: options.fromBeginning === true ? log.firstOffset : log.nextOffset,
        members: [],
        nextMember: 0,
        scheduled: false,
        pumping: null,
        skippedByRetention: 0,
        lastError: null,
      };
      groups.set(groupId, group);
    }
    const member: Member = { handler, options: { ...options }, active: true, inFlight: null };
    group.members.push(member);
    this.schedule(group);
    await Promise.resolve();
    const joined = group;
    return async () => {
      if (!member.active) return;
      member.active = false;
      joined.members = joined.members.filter((m) => m !== member);
      await member.inFlight?.catch(() => undefined);
    };
  }

  health(): Promise<ProtocolHealthCheckResult> {
    const topics: Record<string, { firstOffset: number; nextOffset: number; retained: number }> = {};
    for (const [topic, log] of this.logs) topics[topic] = { firstOffset: log.firstOffset, nextOffset: log.nextOffset, retained: log.size };
    const groups = [...this.groups.values()].flatMap((byId) =>
      [...byId.values()].map((g) => ({
        topic: g.topic,
        groupId: g.groupId,
        committedOffset: g.committed,
        lag: this.lag(g),
        members: g.members.length,
        skippedByRetention: g.skippedByRetention,
        lastError: g.lastError,
      })),
    );
    const started = this.state === "started";
    return Promise.resolve({
      healthy: started,
      details: { transport: EnumInfraTransportType.INMEMORY, started, state: this.state, ...(started ? {} : { reason: `bus is ${this.state}` }), topics, groups },
    });
  }

  async shutdown(options: ProtocolEventBusShutdownOptions = {}): Promise<void> {
    if (this.state !== "started") {
      this.state = this.state === "created" ? "stopped" : this.state;
      return;
    }
    this.state = "stopping";
    const inFlight: Promise<unknown>[] = [];
    for (const byId of this.groups.values()) {
      for (const group of byId.values()) {
        for (const member of group.members) {
          member.active = false;
          if (member.inFlight !== null) inFlight.push(member.inFlight.catch(() => undefined));
        }
        group.members = [];
      }
    }
    const drainMs = options.drainTimeoutMs ?? this.defaultDrainTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drainMs);
    });
    await Promise.race([Promise.all(inFlight), timeout]);
    clearTimeout(timer);
    this.state = "stopped";
  }

  /** The retained messages of `topic`, oldest first (empty for an unknown topic). */
  messages(topic: string): readonly InmemoryBusMessage[] {
    return this.logs.get(topic)?.all() ?? [];
  }

  /** The next offset group `groupId` will consume on `topic` (Kafka's committed offset), or undefined for an unknown group. */
  committedOffset(topic: string, groupId: string): number | undefined {
    return this.groups.get(topic)?.get(groupId)?.committed;
  }

  /** Messages of `topic` not yet consumed by group `groupId` (0 for an unknown group or topic). */
  lagOf(topic: string, groupId: string): number {
    const group = this.groups.get(topic)?.get(groupId);
    return group === undefined ? 0 : this.lag(group);
  }

  private lag(group: Group): number {
    const log = this.logs.get(group.topic);
    return log === undefined ? 0 : log.nextOffset - Math.max(group.committed, log.firstOffset);
  }

  private context(operation: string, topic?: string, correlationId?: string): { context: { transportType: EnumInfraTransportType; operation: string; targetName?: string }; correlationId?: string } {
    const context = { transportType: EnumInfraTransportType.INMEMORY, operation, ...(topic === undefined ? {} : { targetName: topic }) };
    return correlationId === undefined ? { context } : { context, correlationId };
  }

  private assertStarted(operation: string, topic: string, correlationId?: string): void {
    if (this.state === "started") return;
    const why = this.state === "created" ? "has not been started: call start() first" : `is ${this.state}`;
    throw new InfraUnavailableError(`in-memory event bus ${why} (${operation} to "${topic}")`, this.context(operation, topic, correlationId));
  }

  // Kafka's naming rules, so that a topic that works here also works on a broker; the ONEX pattern is not enforced.
  private assertTopic(topic: string, operation: string): void {
    const problems = validateTopicName(topic)
      .filter((problem) => problem.rule === "kafka")
      .map((problem) => problem.message);
    if (topic.includes("{")) problems.push("the {env} placeholder must be substituted before the topic is used");
    if (problems.length === 0) return;
    throw new ProtocolConfigurationError(`invalid topic name "${topic}": ${problems.join("; ")}`, { ...this.context(operation, topic), problems });
  }

  private log(topic: string): InmemoryTopicLog {
    let log = this.logs.get(topic);
    if (log === undefined) {
      log = new InmemoryTopicLog(this.maxMessagesPerTopic);
      this.logs.set(topic, log);
    }
    return log;
  }

  private groupsOf(topic: string): Map<string, Group> {
    let groups = this.groups.get(topic);
    if (groups === undefined) {
      groups = new Map();
      this.groups.set(topic, groups);
    }
    return groups;
  }

  private append(topic: string, message: EncodedEnvelope): void {
    this.log(topic).append(message.key, message.value, message.headers, this.now().getTime());
    const groups = this.groups.get(topic);
    if (groups !== undefined) for (const group of groups.values()) this.schedule(group);
  }

  // Delivery never runs inside publish(): it starts on a later turn of the event loop, one pump per group.
  private schedule(group: Group): void {
    if (group.scheduled || group.pumping !== null || group.members.length === 0 || this.state !== "started") return;
    group.scheduled = true;
    setImmediate(() => {
      group.scheduled = false;
      if (group.pumping !== null) return;
      group.pumping = this.pump(group).finally(() => {
        group.pumping = null;
        if (group.lastError === null && this.lag(group) > 0) this.schedule(group);
      });
    });
  }

  private async pump(group: Group): Promise<void> {
    const log = this.log(group.topic);
    let sinceYield = 0;
    while (this.state === "started" && group.members.length > 0) {
      if (group.committed < log.firstOffset) {
        group.skippedByRetention += log.firstOffset - group.committed;
        group.committed = log.firstOffset;
      }
      const message = log.at(group.committed);
      if (message === undefined) return;
      group.nextMember = group.nextMember % group.members.length;
      const member = group.members[group.nextMember];
      group.nextMember += 1;
      if (member === undefined) return;
      const delivery = this.deliver(group, member, message);
      member.inFlight = delivery;
      let status: string;
      try {
        status = (await delivery).status;
      } catch (error) {
        group.lastError = error instanceof Error ? error.message : "dead-letter write failed";
        return;
      } finally {
        member.inFlight = null;
      }
      if (status === "abandoned") return;
      group.lastError = null;
      if (group.committed === message.offset) group.committed = message.offset + 1;
      sinceYield += 1;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }

  private deliver(group: Group, member: Member, message: InmemoryBusMessage): Promise<{ status: string }> {
    const retryDelayMs = this.retryDelayMs;
    return deliverMessage({
      topic: group.topic,
      partition: 0,
      offset: String(message.offset),
      key: message.key,
      value: message.value,
      headers: message.headers,
      groupId: group.groupId,
      handler: member.handler,
      maxRetries: member.options.maxRetries,
      dlqTopic: member.options.dlqTopic ?? this.dlqTopicOf(group.topic),
      maxBytes: this.maxMessageBytes,
      source: this.name,
      now: this.now,
      retryDelayMs: retryDelayMs > 0 ? () => retryDelayMs : undefined,
      shouldStop: () => this.state !== "started" || !member.active,
      publishDlq: (dlqTopic, envelope, key) => {
        this.append(dlqTopic, encodeEnvelope(envelope, { key, maxBytes: this.maxMessageBytes }));
        return Promise.resolve();
      },
    });
  }
}
