import { describe, expect, it } from "vitest";
import { ModelOnexError } from "../src/errors/model-onex-error.js";
import { conditionFields, evaluateConditionExpression, parseConditionExpression } from "../src/contracts/util-condition-expression.js";

const data = {
  node_id: "abc",
  empty: "",
  blank: "  ",
  nothing: null,
  list: [1],
  none: [],
  ok: true,
  ko: false,
  count: 3,
  ratio: 0.5,
  status: "active",
  quoted: "two words",
  endpoint: { host: "db.local", port: 5432, tags: ["a", "b"] },
};

const evaluate = (text: string): boolean => evaluateConditionExpression(parseConditionExpression(text), data);

describe("condition expressions: each form", () => {
  it.each([
    ["node_id is_present", true],
    ["nothing is_present", true],
    ["missing is_present", false],
    ["node_id is_valid", true],
    ["nothing is_valid", false],
    ["empty is_valid", false],
    ["blank is_valid", false],
    ["none is_valid", false],
    ["list is_valid", true],
    ["missing is_valid", false],
    ["ok is_true", true],
    ["ko is_true", false],
    ["node_id is_true", false],
    ["ko is_false", true],
    ["missing is_false", false],
    ["status equals active", true],
    ['status equals "active"', true],
    ["status equals 'active'", true],
    ["status equals inactive", false],
    ['quoted equals "two words"', true],
    ["count equals 3", true],
    ['count equals "3"', false],
    ["ratio equals 0.5", true],
    ["ok equals true", true],
    ["ko equals false", true],
    ["nothing equals null", true],
    ["missing equals null", false],
    ["endpoint.host equals db.local", true],
    ["endpoint.port equals 5432", true],
    ["endpoint.tags.1 equals b", true],
    ["endpoint.tags.7 is_present", false],
    ["endpoint.host.length is_present", false],
    ["toString is_present", false],
    ["not missing is_present", true],
    ["not not ok is_true", true],
  ])("%s -> %s", (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });
});

describe("condition expressions: combinations", () => {
  it("binds and tighter than or", () => {
    // false and true or true  ==  (false and true) or true
    expect(evaluate("ko is_true and ok is_true or ok is_true")).toBe(true);
    // true or true and false  ==  true or (true and false)
    expect(evaluate("ok is_true or ok is_true and ko is_true")).toBe(true);
    expect(evaluate("ko is_true or ok is_true and ko is_true")).toBe(false);
    const ast = parseConditionExpression("a is_true or b is_true and c is_true");
    expect(ast.kind).toBe("or");
    if (ast.kind === "or") expect(ast.operands.map((o) => o.kind)).toEqual(["check", "and"]);
  });

  it("applies not to the test that follows only", () => {
    expect(evaluate("not ko is_true and ok is_true")).toBe(true);
    expect(evaluate("not ok is_true or ok is_true")).toBe(true);
  });

  it("builds an AST with columns", () => {
    expect(parseConditionExpression("  a.b equals 'x y'")).toEqual({ kind: "equals", field: "a.b", path: ["a", "b"], value: "x y", column: 3 });
    expect(parseConditionExpression('s equals "say \\"hi\\""')).toMatchObject({ value: 'say "hi"' });
    expect(parseConditionExpression("n equals -1.5e2")).toMatchObject({ value: -150 });
  });

  it("lists the fields read, once each, in order", () => {
    expect(conditionFields(parseConditionExpression("b is_true and a.x equals 1 or not b is_false"))).toEqual(["b", "a.x"]);
  });
});

describe("condition expressions: errors give the column", () => {
  it.each([
    ["", 1, "a field name"],
    ["node_id", 8, "is_present, is_true, is_false, is_valid or equals"],
    ["node_id is_there", 9, "is_present, is_true, is_false, is_valid or equals"],
    ["node_id equals", 15, "a value after equals"],
    ["node_id equals and", 16, "a value after equals"],
    ["a is_true and", 14, "a field name"],
    ["a is_true or or b is_true", 14, "a field name"],
    ["a is_true b is_true", 11, '"and", "or" or the end of the expression'],
    ["(a is_true)", 1, "a field name"],
    ["a..b is_true", 1, "a field name"],
    ['"a" is_true', 1, "a field name"],
    ["a equals 'open", 10, "a closing '"],
    ["not", 4, "a field name"],
    ["a eval('x')", 3, "is_present, is_true, is_false, is_valid or equals"],
  ])("%j fails at column %i expecting %s", (text, column, expected) => {
    let thrown: unknown;
    try {
      parseConditionExpression(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelOnexError);
    const error = thrown as ModelOnexError;
    expect(error.errorCode).toBe("CONTRACT_VALIDATION_ERROR");
    expect(error.context).toMatchObject({ column, expression: text });
    expect(String(error.context["expected"])).toContain(expected);
    expect(error.message).toContain(`expected ${expected}`);
    expect(error.message).toContain(`at column ${column}`);
  });
});
