// Per-subscription health of EventBusKafka: state, assignment, counters and consumer lag (end offsets minus the
// group's committed offsets), read through the admin client within a time bound so health() always answers.
import type { Admin } from "kafkajs";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { withTimeout } from "../resilience/util-timeout.js";
import { sanitizeError } from "../sanitize/util-sanitize.js";
import type { EventBusKafkaSubscription, EventBusKafkaSubscriptionState, EventBusKafkaSubscriptionStats } from "./event-bus-kafka-consumer.js";

/** What health() reports for one subscription. */
export interface EventBusKafkaSubscriptionHealth {
  readonly topic: string;
  readonly groupId: string;
  readonly state: EventBusKafkaSubscriptionState;
  readonly assignedPartitions: readonly number[];
  /** Messages not yet committed by the group (sum over partitions); `null` when it could not be read in time. */
  readonly lag: number | null;
  readonly lagError?: string;
  readonly stats: EventBusKafkaSubscriptionStats;
  readonly lastError: string | null;
}

async function lagOf(admin: Admin, topic: string, groupId: string, ends: Map<string, Promise<Map<number, { high: bigint; low: bigint }>>>): Promise<number> {
  let endsOfTopic = ends.get(topic);
  if (endsOfTopic === undefined) {
    endsOfTopic = admin
      .fetchTopicOffsets(topic)
      .then((offsets) => new Map(offsets.map((o) => [o.partition, { high: BigInt(o.high), low: BigInt(o.low) }] as const)));
    endsOfTopic.catch(() => undefined);
    ends.set(topic, endsOfTopic);
  }
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = await endsOfTopic;
  let lag = 0n;
  for (const [partition, { high, low }] of byPartition) {
    const offset = committed?.partitions.find((p) => p.partition === partition)?.offset;
    const from = offset === undefined || offset === "-1" ? low : BigInt(offset);
    if (high > from) lag += high - from;
  }
  return Number(lag);
}

/** Health of every subscription; lag queries run in parallel and are bounded by `timeoutMs`. */
export async function subscriptionLag(admin: Admin | null, subscriptions: readonly EventBusKafkaSubscription[], timeoutMs: number): Promise<EventBusKafkaSubscriptionHealth[]> {
  const ends = new Map<string, Promise<Map<number, { high: bigint; low: bigint }>>>();
  return Promise.all(
    subscriptions.map(async (subscription): Promise<EventBusKafkaSubscriptionHealth> => {
      const base = {
        topic: subscription.topic,
        groupId: subscription.groupId,
        state: subscription.state,
        assignedPartitions: [...subscription.assignedPartitions],
        stats: subscription.stats,
        lastError: subscription.lastError,
      };
      if (admin === null) return { ...base, lag: null, lagError: "admin client not connected" };
      try {
        const lag = await withTimeout(() => lagOf(admin, subscription.topic, subscription.groupId, ends), {
          timeoutMs,
          operation: "consumer lag",
          context: { transportType: EnumInfraTransportType.KAFKA, targetName: subscription.topic },
        });
        return { ...base, lag };
      } catch (thrown) {
        return { ...base, lag: null, lagError: sanitizeError(thrown, { includeStack: false }).message };
      }
    }),
  );
}

/** Whether the cluster answers a metadata request within `timeoutMs` (how many brokers it reports). */
export async function clusterReachability(admin: Admin | null, timeoutMs: number): Promise<{ readonly reachable: boolean; readonly brokers?: number; readonly error?: string }> {
  if (admin === null) return { reachable: false, error: "admin client not connected" };
  try {
    const cluster = await withTimeout(() => admin.describeCluster(), {
      timeoutMs,
      operation: "describe cluster",
      context: { transportType: EnumInfraTransportType.KAFKA },
    });
    return { reachable: true, brokers: cluster.brokers.length };
  } catch (thrown) {
    return { reachable: false, error: sanitizeError(thrown, { includeStack: false }).message };
  }
}
