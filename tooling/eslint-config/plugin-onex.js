// ONEX naming rules (ARCHITECTURE §3): kebab-case files, and a symbol with a role prefix lives in a file named after it.
import path from "node:path";

const ROLE = /^(Model|Enum|Protocol|Mixin|Service|Handler|Registry|Node)[A-Z]/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Suffixes that are part of the role of a file rather than its name.
const SUFFIXES = [".integration.test", ".test", ".bench", ".config", ".d"];

/** `ModelONEXContainer` -> `model-onex-container`. */
export function toKebab(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

function splitName(filename) {
  let base = path.basename(filename).replace(/\.(ts|tsx|js|mjs|cjs)$/, "");
  let suffix = "";
  for (const s of SUFFIXES) {
    if (base.endsWith(s)) {
      suffix = s;
      base = base.slice(0, -s.length);
      break;
    }
  }
  return { base, suffix };
}

function exportedNames(node) {
  const decl = node.declaration;
  if (!decl) return [];
  if (decl.type === "VariableDeclaration") {
    return decl.declarations.flatMap((d) => (d.id.type === "Identifier" ? [{ name: d.id.name, node: d.id }] : []));
  }
  return decl.id ? [{ name: decl.id.name, node: decl.id }] : [];
}

const fileNaming = {
  meta: {
    type: "problem",
    docs: { description: "kebab-case file names; role-prefixed symbols (Model*, Enum*, Protocol*, ...) live in a file named after them" },
    schema: [],
    messages: {
      kebab: "File name '{{file}}' is not kebab-case. ONEX files are kebab-case with a role prefix, e.g. model-kafka-message.ts (ARCHITECTURE §3).",
      role: "'{{symbol}}' must live in '{{expected}}.ts' (one model/enum/protocol per file, file named after the symbol), not in '{{file}}'.",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const { base, suffix } = splitName(filename);
    const isTest = suffix.includes("test") || suffix === ".bench";
    return {
      Program(node) {
        if (!KEBAB.test(base)) {
          context.report({ node, messageId: "kebab", data: { file: path.basename(filename) } });
        }
      },
      ExportNamedDeclaration(node) {
        if (isTest || base === "index") return;
        for (const { name, node: id } of exportedNames(node)) {
          if (!ROLE.test(name)) continue;
          if (name.startsWith("Node") && base === "node") continue;
          const expected = toKebab(name);
          if (expected === base || expected.startsWith(`${base}-`)) continue;
          context.report({ node: id, messageId: "role", data: { symbol: name, expected, file: path.basename(filename) } });
        }
      },
    };
  },
};

const plugin = {
  meta: { name: "eslint-plugin-onex", version: "0.0.0" },
  rules: { "file-naming": fileNaming },
};

export default plugin;
