// Makes the start position of the runtime's durable consumer groups durable before they consume. EventBusKafka starts
// a partition without a committed offset at its end (a new group sees what is published after it subscribed), but it
// commits only after processing. A partition that never had a commit (a new group, or one that got no message yet)
// whose consumer is killed before its first commit would therefore start at the *new* end after the restart, and the
// messages published in between would be skipped. Committing the current end offsets of such partitions first closes
// that gap: a restart resumes from a committed position. Best effort: the broker refuses it while another member of
// the group is running (that member then holds the partitions), and a failure is only logged.
import { Kafka, logLevel, type Admin } from "kafkajs";
import type { RuntimeLogger } from "../logging/util-logger.js";

/** A consumer group and the topic it reads. */
export interface RuntimeDurableGroup {
  readonly topic: string;
  readonly groupId: string;
}

export interface CommitStartOffsetsOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Partitions of topics created here (the bus's setting, so either may create them). */
  readonly numPartitions: number;
  readonly groups: readonly RuntimeDurableGroup[];
  readonly logger: RuntimeLogger;
}

async function commitGroup(admin: Admin, group: RuntimeDurableGroup, logger: RuntimeLogger): Promise<void> {
  const [committed] = await admin.fetchOffsets({ groupId: group.groupId, topics: [group.topic] });
  const missing = new Set((committed?.partitions ?? []).filter((p) => p.offset === "-1").map((p) => p.partition));
  if (missing.size === 0) return;
  const ends = (await admin.fetchTopicOffsets(group.topic)).filter((p) => missing.has(p.partition));
  await admin.setOffsets({ groupId: group.groupId, topic: group.topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  logger.info({ topic: group.topic, groupId: group.groupId, partitions: ends.map((p) => `${p.partition}@${p.high}`) }, "committed the start offsets of a consumer group");
}

/** Creates the groups' topics when missing and commits the end offset of every partition the group has no commit for. */
export async function commitStartOffsets(options: CommitStartOffsetsOptions): Promise<void> {
  const { logger } = options;
  const admin = new Kafka({ clientId: `${options.clientId}-offsets`, brokers: [...options.brokers], logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  try {
    await admin.connect();
    const topics = [...new Set(options.groups.map((g) => g.topic))];
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: options.numPartitions })), waitForLeaders: true }).catch((error: unknown) => {
      logger.debug({ err: error, topics }, "topics not created here (they may exist already)");
    });
    await Promise.all(
      options.groups.map((group) =>
        commitGroup(admin, group, logger).catch((error: unknown) => {
          logger.warn({ err: error, topic: group.topic, groupId: group.groupId }, "could not commit the start offsets of a consumer group; a crash before its first commit may skip messages");
        }),
      ),
    );
  } catch (error) {
    logger.warn({ err: error }, "could not prepare the consumer groups' start offsets");
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
