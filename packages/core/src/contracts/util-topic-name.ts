/**
 * Topic names: Kafka's own rules (length, characters, not `.`/`..`) and the ONEX pattern
 * `{env}.onex.<evt|cmd|intent|snapshot|dlq>.<producer>.<name>.v<N>`. Contracts may keep the environment as the
 * literal placeholder `{env}`, substituted when the node starts.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumMessageCategory } from "../enums/enum-message-category.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/**
 * One reason a topic name is not acceptable. `kafka` problems make the name unusable on a broker; `onex` problems
 * mean the name works but does not follow the ONEX naming pattern.
 *
 * @category Contracts
 */
export interface TopicNameProblem {
  /** Which rule set the name breaks. */
  readonly rule: "kafka" | "onex";
  /** What is wrong. */
  readonly message: string;
}

/** The environment placeholder allowed as the first segment of a contract topic. @category Contracts */
export const TOPIC_ENV_PLACEHOLDER = "{env}";

/** Longest topic name Kafka accepts. @category Contracts */
export const KAFKA_TOPIC_MAX_LENGTH = 249;

const KAFKA_CHARS = /^[a-zA-Z0-9._-]+$/;
const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;
const VERSION = /^v[1-9][0-9]*$/;
const CATEGORIES: readonly string[] = Object.values(EnumMessageCategory);

/**
 * Checks a topic name and returns every problem (empty when the name is valid). The `{env}` placeholder counts as
 * a 3-character environment for Kafka's rules.
 *
 * @category Contracts
 */
export function validateTopicName(name: string): TopicNameProblem[] {
  const problems: TopicNameProblem[] = [];
  const concrete = name.startsWith(`${TOPIC_ENV_PLACEHOLDER}.`) ? `env${name.slice(TOPIC_ENV_PLACEHOLDER.length)}` : name;
  if (concrete.length === 0) problems.push({ rule: "kafka", message: "topic name is empty" });
  if (concrete.length > KAFKA_TOPIC_MAX_LENGTH) {
    problems.push({ rule: "kafka", message: `topic name is ${concrete.length} characters long (Kafka allows at most ${KAFKA_TOPIC_MAX_LENGTH})` });
  }
  if (concrete.length > 0 && !KAFKA_CHARS.test(concrete)) {
    problems.push({ rule: "kafka", message: "topic name may contain only ASCII letters, digits, '.', '_' and '-'" });
  }
  if (concrete === "." || concrete === "..") problems.push({ rule: "kafka", message: `topic name may not be "${concrete}"` });
  if (problems.length > 0) return problems;

  const segments = name.split(".");
  const pattern = "{env}.onex.<evt|cmd|intent|snapshot|dlq>.<producer>.<name>.v<N>";
  if (segments.length !== 6) {
    return [{ rule: "onex", message: `topic "${name}" has ${segments.length} dot-separated segments; ONEX topics have 6: ${pattern}` }];
  }
  const [env = "", onex = "", category = "", producer = "", topic = "", version = ""] = segments;
  if (env !== TOPIC_ENV_PLACEHOLDER && !SEGMENT.test(env)) problems.push({ rule: "onex", message: `environment "${env}" must be lower-case letters, digits, '_' or '-' (or ${TOPIC_ENV_PLACEHOLDER})` });
  if (onex !== "onex") problems.push({ rule: "onex", message: `second segment must be "onex", not "${onex}" (${pattern})` });
  if (!CATEGORIES.includes(category)) problems.push({ rule: "onex", message: `category "${category}" must be one of ${CATEGORIES.join(", ")}` });
  if (!SEGMENT.test(producer)) problems.push({ rule: "onex", message: `producer "${producer}" must be lower-case letters, digits, '_' or '-'` });
  if (!SEGMENT.test(topic)) problems.push({ rule: "onex", message: `name "${topic}" must be lower-case letters, digits, '_' or '-'` });
  if (!VERSION.test(version)) problems.push({ rule: "onex", message: `version "${version}" must be v<N> with N >= 1, e.g. v1` });
  return problems;
}

/**
 * The parts of an ONEX topic name.
 *
 * @category Contracts
 */
export interface TopicNameParts {
  /** Environment (`dev`, `prod`, ...) or the `{env}` placeholder. */
  readonly env: string;
  /** Message category. */
  readonly category: EnumMessageCategory;
  /** Producing service or node. */
  readonly producer: string;
  /** Message name. */
  readonly name: string;
  /** Schema version, a positive integer. */
  readonly version: number;
}

/**
 * Builds `{env}.onex.<category>.<producer>.<name>.v<version>`.
 *
 * @throws ModelOnexError `INVALID_INPUT` when the result breaks a Kafka or ONEX naming rule.
 * @category Contracts
 */
export function buildTopicName(parts: TopicNameParts): string {
  const topic = `${parts.env}.onex.${parts.category}.${parts.producer}.${parts.name}.v${parts.version}`;
  const problems = validateTopicName(topic);
  if (problems.length > 0) {
    throw new ModelOnexError(`invalid topic name "${topic}": ${problems.map((p) => p.message).join("; ")}`, {
      errorCode: EnumCoreErrorCode.INVALID_INPUT,
      context: { topic, problems: problems.map((p) => ({ ...p })) },
    });
  }
  return topic;
}
