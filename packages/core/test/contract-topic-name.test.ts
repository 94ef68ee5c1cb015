import { describe, expect, it } from "vitest";
import { ModelOnexError } from "../src/errors/model-onex-error.js";
import { buildTopicName, validateTopicName } from "../src/contracts/util-topic-name.js";

describe("validateTopicName", () => {
  it.each(["dev.onex.evt.node-registry.registered.v1", "{env}.onex.cmd.consul.register.v2", "prod.onex.dlq.runtime.envelopes.v10", "staging-2.onex.snapshot.fsm.registration_state.v1", "dev.onex.intent.reducer.register.v1"])(
    "accepts %s",
    (topic) => {
      expect(validateTopicName(topic)).toEqual([]);
    },
  );

  it.each([
    ["", "topic name is empty"],
    [".", 'topic name may not be "."'],
    ["..", 'topic name may not be ".."'],
    ["dev.onex.evt.a b.c.v1", "may contain only ASCII letters"],
    ["dev.onex.evt.näme.c.v1", "may contain only ASCII letters"],
    ["{env}x.onex.evt.a.b.v1", "may contain only ASCII letters"],
    ["a".repeat(250), "at most 249"],
  ])("rejects %j under Kafka's rules", (topic, message) => {
    const problems = validateTopicName(topic);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.rule === "kafka")).toBe(true);
    expect(problems.map((p) => p.message).join(" ")).toContain(message);
  });

  it("accepts a 249-character name under Kafka's rules", () => {
    expect(validateTopicName("a".repeat(249)).filter((p) => p.rule === "kafka")).toEqual([]);
  });

  it.each([
    ["node.registration.requested", "3 dot-separated segments"],
    ["dev.other.evt.a.b.v1", 'second segment must be "onex"'],
    ["dev.onex.event.a.b.v1", "category \"event\" must be one of evt, cmd, intent, snapshot, dlq"],
    ["dev.onex.evt.A.b.v1", 'producer "A"'],
    ["dev.onex.evt.a.B.v1", 'name "B"'],
    ["dev.onex.evt.a.b.1", 'version "1"'],
    ["dev.onex.evt.a.b.v0", 'version "v0"'],
    ["Dev.onex.evt.a.b.v1", 'environment "Dev"'],
  ])("reports %j as an ONEX pattern mismatch only", (topic, message) => {
    const problems = validateTopicName(topic);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.rule).toBe("onex");
    expect(problems[0]?.message).toContain(message);
  });
});

describe("buildTopicName", () => {
  it("builds an ONEX topic", () => {
    expect(buildTopicName({ env: "dev", category: "evt", producer: "node-registry", name: "registered", version: 1 })).toBe("dev.onex.evt.node-registry.registered.v1");
    expect(buildTopicName({ env: "{env}", category: "dlq", producer: "runtime", name: "envelopes", version: 3 })).toBe("{env}.onex.dlq.runtime.envelopes.v3");
  });

  it("throws INVALID_INPUT for parts that break the pattern", () => {
    expect(() => buildTopicName({ env: "dev", category: "evt", producer: "Bad Producer", name: "x", version: 0 })).toThrow(ModelOnexError);
    try {
      buildTopicName({ env: "dev", category: "evt", producer: "ok", name: "x", version: 0 });
    } catch (error) {
      expect((error as ModelOnexError).errorCode).toBe("INVALID_INPUT");
      expect((error as ModelOnexError).context["topic"]).toBe("dev.onex.evt.ok.x.v0");
    }
  });
});
