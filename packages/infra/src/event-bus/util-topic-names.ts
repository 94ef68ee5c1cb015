// Dead-letter topic names. ONEX topics (`{env}.onex.<category>.<producer>.<name>.v<N>`) keep their shape with the
// category replaced by `dlq`; any other name (and an ONEX topic that already is a DLQ) gets a `.dlq` suffix, so a
// DLQ never equals the topic it protects.

const ONEX_TOPIC = /^([^.]+)\.onex\.([^.]+)\.([^.]+)\.([^.]+)\.(v[1-9][0-9]*)$/;

/** Default dead-letter topic of `topic`: `dev.onex.evt.p.n.v1` -> `dev.onex.dlq.p.n.v1`; `orders` -> `orders.dlq`. */
export function dlqTopicFor(topic: string): string {
  const match = ONEX_TOPIC.exec(topic);
  if (match !== null && match[2] !== "dlq") {
    const [, env = "", , producer = "", name = "", version = ""] = match;
    return `${env}.onex.dlq.${producer}.${name}.${version}`;
  }
  return `${topic}.dlq`;
}
