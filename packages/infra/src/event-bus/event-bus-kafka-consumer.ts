// One subscription of EventBusKafka: one kafkajs consumer in the subscription's group, at-least-once.
//
// eachBatch rather than eachMessage: we resolve and commit offsets ourselves, once per batch (and every
// commitEveryMessages / commitIntervalMs inside a long batch) instead of one commit round trip per message, and we
// can stop in the middle of a batch on shutdown without skipping anything. Messages of a partition are handled
// strictly in order (partitionsConsumedConcurrently only runs different partitions side by side). heartbeat() is
// called after every message and, while a handler or its retry backoff runs, from a timer every
// heartbeatIntervalMs, so a long handler does not cost the group membership.
//
// An offset is committed only past messages whose handler succeeded or whose dead-letter record was written
// (deliverMessage decides, identically on every bus). When the dead-letter write itself fails, the offsets before
// that message are committed, the partition seeks back to it and pauses for dlqRetryDelayMs: the message is
// delivered again later, nothing after it is committed in the meantime.
import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBusHandler } from "@onex/spi";
import type { Admin, Consumer, ConsumerCrashEvent, ConsumerGroupJoinEvent, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";
import { backoffDelayMs } from "../resilience/util-retry.js";
import { sanitizeError } from "../sanitize/util-sanitize.js";
import { toKafkaInfraError } from "./event-bus-kafka-error.js";
import type { EventBusKafkaLogger, ModelEventBusKafkaConfig } from "./model-event-bus-kafka-config.js";
import { deliverMessage, type DeliveryOutcome } from "./util-message-delivery.js";

/** Lifecycle of a subscription. */
export type EventBusKafkaSubscriptionState = "starting" | "running" | "stopping" | "stopped" | "crashed";

/** Counters of a subscription, reported by health(). */
export interface EventBusKafkaSubscriptionStats {
  readonly acknowledged: number;
  readonly deadLettered: number;
  readonly dlqWriteFailures: number;
  readonly commits: number;
}

/** Everything a subscription needs from its bus. */
export interface EventBusKafkaSubscriptionOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly config: ModelEventBusKafkaConfig;
  readonly logger: EventBusKafkaLogger;
  readonly topic: string;
  readonly groupId: string;
  readonly handler: ProtocolEventBusHandler;
  readonly maxRetries: number | undefined;
  readonly dlqTopic: string;
  readonly fromBeginning: boolean;
  /** Durable write of a dead-letter envelope (acks=all); rejects when it was not written. */
  readonly publishDlq: (dlqTopic: string, envelope: ModelEventEnvelope, key: string | null) => Promise<void>;
  /** `source` of dead-letter envelopes. */
  readonly source: string;
}

type BatchOutcome = DeliveryOutcome["status"] | "retry-later";

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

function settleWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
}

/** A running subscription; see the module comment. */
export class EventBusKafkaSubscription {
  readonly topic: string;
  readonly groupId: string;
  readonly #options: EventBusKafkaSubscriptionOptions;
  readonly #consumer: Consumer;
  #state: EventBusKafkaSubscriptionState = "starting";
  #stopping = false;
  #stopPromise: Promise<void> | null = null;
  readonly #inflight = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #assigned: number[] = [];
  /** Start offsets of a new group's partitions, used until the partition has a commit of ours. */
  #pinned = new Map<number, string>();
  #pinDefault: string | null = null;
  #joinedOnce = false;
  readonly #committedPartitions = new Set<number>();
  #lastError: string | null = null;
  #stats = { acknowledged: 0, deadLettered: 0, dlqWriteFailures: 0, commits: 0 };
  readonly #shouldStop = (): boolean => this.#stopping;
  readonly #retryDelayMs: (retryIndex: number) => number;

  constructor(options: EventBusKafkaSubscriptionOptions) {
    this.#options = options;
    this.topic = options.topic;
    this.groupId = options.groupId;
    const { config } = options;
    const backoff = { initialDelayMs: config.retryInitialDelayMs, maxDelayMs: config.retryMaxDelayMs };
    this.#retryDelayMs = (retryIndex) => backoffDelayMs(retryIndex, backoff);
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: config.heartbeatIntervalMs,
      maxWaitTimeInMs: config.maxWaitTimeInMs,
      allowAutoTopicCreation: true,
      retry: {
        retries: config.clientRetry.retries,
        initialRetryTime: config.clientRetry.initialRetryTimeMs,
        maxRetryTime: config.clientRetry.maxRetryTimeMs,
        // Keep consuming after the retries are spent (broker down for long): kafkajs restarts the consumer.
        restartOnFailure: () => Promise.resolve(!this.#stopping),
      },
    });
  }

  get state(): EventBusKafkaSubscriptionState {
    return this.#state;
  }

  get assignedPartitions(): readonly number[] {
    return this.#assigned;
  }

  get lastError(): string | null {
    return this.#lastError;
  }

  get stats(): EventBusKafkaSubscriptionStats {
    return { ...this.#stats };
  }

  /**
   * Connects, joins the group and starts consuming; resolves once the consumer has joined. A new group that does
   * not read from the beginning starts at the end offsets as of this call, so every message published after
   * subscribe() resolved is delivered (kafkajs would otherwise pick "latest" only at its first fetch).
   */
  async start(): Promise<void> {
    const { topic, fromBeginning, config } = this.#options;
    const pinned = fromBeginning ? new Map<number, string>() : await this.#startOffsetsForNewGroup();
    this.#pinned = pinned;
    const joined = new Promise<void>((resolve, reject) => {
      this.#consumer.on(this.#consumer.events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
        this.#assigned = [...(event.payload.memberAssignment[topic] ?? [])];
        // Synchronous: kafkajs applies seeks at the start of its next fetch, which has not happened yet. Only
        // partitions this subscription has not committed yet (a restart after a crash rejoins too).
        for (const partition of this.#assigned) {
          if (this.#committedPartitions.has(partition)) continue;
          const offset = this.#pinned.get(partition) ?? this.#pinDefault;
          if (offset !== null) this.#consumer.seek({ topic, partition, offset });
        }
        if (!this.#stopping) this.#state = "running";
        // A later rebalance may hand us pinned partitions nobody committed yet (the first join commits in start()).
        if (this.#joinedOnce) void this.#commitStartOffsets();
        this.#joinedOnce = true;
        resolve();
      });
      this.#consumer.on(this.#consumer.events.CRASH, (event: ConsumerCrashEvent) => {
        const error = event.payload.error;
        this.#lastError = sanitizeError(error, { includeStack: false }).message;
        this.#options.logger.error({ topic, groupId: this.groupId, restart: event.payload.restart, error: sanitizeError(error, { includeStack: false }) }, "Kafka consumer crashed");
        if (event.payload.restart) {
          if (!this.#stopping) this.#state = "starting";
        } else {
          this.#state = "crashed";
          reject(toKafkaInfraError(error, { operation: "subscribe", targetName: topic }));
        }
      });
    });
    joined.catch(() => undefined);
    try {
      await this.#consumer.connect();
      await this.#consumer.subscribe({ topics: [topic], fromBeginning });
      await this.#consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.#onBatch(payload),
      });
    } catch (thrown) {
      this.#state = "crashed";
      await this.#consumer.disconnect().catch(() => undefined);
      throw toKafkaInfraError(thrown, { operation: "subscribe", targetName: topic });
    }
    const inTime = await settleWithin(joined, config.subscribeTimeoutMs);
    if (!inTime) {
      await this.stop(0);
      throw toKafkaInfraError(new Error(`consumer did not join group "${this.groupId}" within ${config.subscribeTimeoutMs} ms`), {
        operation: "subscribe",
        targetName: topic,
      });
    }
    try {
      await joined;
    } catch (thrown) {
      await this.#consumer.disconnect().catch(() => undefined);
      throw thrown;
    }
    await this.#commitStartOffsets();
  }

  /**
   * Commits the pinned start offset of every assigned partition the group has no committed offset for, so a
   * consumer that dies before its first processed message does not make the next start (same group) begin at the
   * then-end and skip what was published in between. Runs once the consumer is running (kafkajs ignores commits
   * before): the fetch loop commits only after a round trip and a handler, so it cannot be overtaken in practice,
   * and at worst a later commit moved back means redelivery, never loss. Best effort: a failure is logged.
   */
  async #commitStartOffsets(): Promise<void> {
    const { admin, topic, logger } = this.#options;
    const candidates = this.#assigned.filter((p) => !this.#committedPartitions.has(p) && (this.#pinned.get(p) ?? this.#pinDefault) !== null);
    if (candidates.length === 0 || this.#stopping) return;
    try {
      const [committed] = await admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const uncommitted = new Set((committed?.partitions ?? []).filter((p) => p.offset === "-1").map((p) => p.partition));
      const offsets = candidates
        .filter((partition) => uncommitted.has(partition) && !this.#committedPartitions.has(partition))
        .map((partition) => ({ topic, partition, offset: this.#pinned.get(partition) ?? this.#pinDefault ?? "0" }));
      if (offsets.length === 0 || this.#stopping) return;
      await this.#consumer.commitOffsets(offsets);
      for (const { partition } of offsets) this.#committedPartitions.add(partition);
      logger.info({ topic, groupId: this.groupId, partitions: offsets.map((o) => `${o.partition}@${o.offset}`) }, "Committed the start offsets of a new consumer group");
    } catch (thrown) {
      logger.warn({ topic, groupId: this.groupId, error: sanitizeError(thrown, { includeStack: false }) }, "Could not commit the start offsets of a new consumer group; a crash before its first commit may skip messages");
    }
  }

  /** Graceful drain: stop fetching, let in-flight handlers finish (bounded), commit, leave the group. Idempotent. */
  stop(drainTimeoutMs: number): Promise<void> {
    this.#stopPromise ??= this.#stop(drainTimeoutMs);
    return this.#stopPromise;
  }

  async #stop(drainTimeoutMs: number): Promise<void> {
    this.#stopping = true;
    if (this.#state !== "crashed") this.#state = "stopping";
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    try {
      this.#consumer.pause([{ topic: this.topic }]);
    } catch {
      // Not running yet: nothing is being fetched.
    }
    const drained = await settleWithin(Promise.allSettled([...this.#inflight]), drainTimeoutMs);
    if (!drained) {
      this.#options.logger.warn({ topic: this.topic, groupId: this.groupId, drainTimeoutMs }, "Kafka consumer drain timed out; unfinished messages stay uncommitted and will be redelivered");
    }
    // kafkajs waits for the running batch before leaving the group: bounded, so a stuck handler cannot block us.
    const disconnected = await settleWithin(this.#consumer.disconnect(), drained ? 30_000 : 2_000);
    if (!disconnected) this.#options.logger.warn({ topic: this.topic, groupId: this.groupId }, "Kafka consumer did not disconnect in time");
    this.#state = "stopped";
  }

  async #startOffsetsForNewGroup(): Promise<Map<number, string>> {
    const { admin, topic } = this.#options;
    const pinned = new Map<number, string>();
    try {
      if (!(await admin.listTopics()).includes(topic)) {
        // The consumer creates the topic: it is empty now, so everything in it is new to this group.
        this.#pinDefault = "0";
        return pinned;
      }
      const [committed] = await admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const uncommitted = new Set((committed?.partitions ?? []).filter((p) => p.offset === "-1").map((p) => p.partition));
      if (uncommitted.size === 0) return pinned;
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        if (uncommitted.has(partition)) pinned.set(partition, high);
      }
    } catch (thrown) {
      // Without the pin kafkajs resolves "latest" itself at its first fetch; still correct, only less exact.
      this.#options.logger.warn({ topic, groupId: this.groupId, error: sanitizeError(thrown, { includeStack: false }) }, "Could not read start offsets for a new consumer group");
    }
    return pinned;
  }

  async #onBatch(payload: EachBatchPayload): Promise<void> {
    if (this.#stopping) return;
    const work = this.#processBatch(payload);
    this.#inflight.add(work);
    try {
      await work;
    } finally {
      this.#inflight.delete(work);
    }
  }

  async #processBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const { commitEveryMessages, commitIntervalMs, heartbeatIntervalMs } = this.#options.config;
    // Offset of the last handled (acknowledged or dead-lettered) message not yet committed. It is resolved (the
    // next fetch position) and committed together, at commit points only: per-message offset arithmetic is avoidable.
    let handled: string | null = null;
    let sinceCommit = 0;
    let lastCommitAt = Date.now();
    let lastBeatAt = lastCommitAt;
    const beatEveryMs = Math.max(1, Math.floor(heartbeatIntervalMs / 3));
    let groupError: unknown = undefined;
    const beat = setInterval(() => {
      heartbeat().catch((thrown: unknown) => (groupError ??= thrown));
    }, heartbeatIntervalMs);
    let failed = false;
    try {
      for (const message of payload.batch.messages) {
        if (this.#stopping || !payload.isRunning() || payload.isStale() || groupError !== undefined) break;
        const outcome = await this.#deliver(topic, partition, message);
        if (outcome === "abandoned") break;
        if (outcome === "retry-later") {
          this.#retryLater(topic, partition, message.offset, () => payload.pause());
          break;
        }
        handled = message.offset;
        const now = Date.now();
        if (++sinceCommit >= commitEveryMessages || now - lastCommitAt >= commitIntervalMs) {
          await this.#commitThrough(payload, handled);
          handled = null;
          sinceCommit = 0;
          lastCommitAt = Date.now();
        }
        // kafkajs only sends a heartbeat when one is due; skipping the call in between saves its promise chain.
        if (now - lastBeatAt >= beatEveryMs) {
          lastBeatAt = now;
          await heartbeat();
        }
      }
    } catch (thrown) {
      failed = true;
      throw thrown;
    } finally {
      clearInterval(beat);
      if (handled !== null) {
        // On a failure path (rebalance...) the commit is best effort: the messages are redelivered otherwise.
        const commit = this.#commitThrough(payload, handled);
        if (failed) await commit.catch(() => undefined);
        else await commit;
      }
    }
    // A rebalance noticed by the timer: rethrow kafkajs's own error so it rejoins the group.
    if (groupError !== undefined) throw groupError as Error;
  }

  /** Resolves `offset` (the next fetch starts after it) and commits `offset + 1`. */
  #commitThrough(payload: EachBatchPayload, offset: string): Promise<void> {
    payload.resolveOffset(offset);
    return this.#commit(payload.batch.topic, payload.batch.partition, nextOffset(offset));
  }

  async #deliver(topic: string, partition: number, message: KafkaMessage): Promise<BatchOutcome> {
    const { config, handler, maxRetries, dlqTopic, publishDlq, source } = this.#options;
    try {
      const outcome = await deliverMessage({
        topic,
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString("utf8"),
        value: message.value,
        headers: message.headers,
        groupId: this.groupId,
        handler,
        maxRetries,
        dlqTopic,
        publishDlq,
        shouldStop: this.#shouldStop,
        retryDelayMs: this.#retryDelayMs,
        maxBytes: config.maxMessageBytes,
        source,
      });
      if (outcome.status === "acknowledged") this.#stats.acknowledged++;
      if (outcome.status === "dead-lettered") {
        this.#stats.deadLettered++;
        this.#options.logger.warn(
          { topic, partition, offset: message.offset, dlqTopic, correlationId: outcome.record.correlation_id, reason: outcome.record.failure_reason },
          "Message written to the dead-letter topic",
        );
      }
      return outcome.status;
    } catch (thrown) {
      this.#stats.dlqWriteFailures++;
      this.#lastError = sanitizeError(thrown, { includeStack: false }).message;
      this.#options.logger.error(
        { topic, partition, offset: message.offset, dlqTopic, error: sanitizeError(thrown, { includeStack: false }) },
        "Dead-letter write failed; the message stays uncommitted and is retried later",
      );
      return "retry-later";
    }
  }

  #retryLater(topic: string, partition: number, offset: string, pause: () => () => void): void {
    this.#consumer.seek({ topic, partition, offset });
    const resume = pause();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopping) resume();
    }, this.#options.config.dlqRetryDelayMs);
    this.#timers.add(timer);
  }

  async #commit(topic: string, partition: number, offset: string): Promise<void> {
    try {
      await this.#consumer.commitOffsets([{ topic, partition, offset }]);
      this.#committedPartitions.add(partition);
      this.#stats.commits++;
    } catch (thrown) {
      throw toKafkaInfraError(thrown, { operation: "commit", targetName: topic });
    }
  }
}
