// Shared ESLint flat config: typescript-eslint's type-checked rules, so an explicit `any` or one leaked through
// untyped values (JSON.parse, untyped libraries) fails lint, plus the ONEX naming rule.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import onex from "./plugin-onex.js";

/**
 * @param {string} tsconfigRootDir the package directory (pass `import.meta.dirname`)
 */
export function createConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ["**/dist/**", "**/node_modules/**", "**/fixtures/**", "**/*.d.ts", "**/coverage/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: { ...globals.node },
        parserOptions: {
          projectService: { allowDefaultProject: ["*.config.ts", "*.config.js", "*.config.mjs"] },
          tsconfigRootDir,
        },
      },
      plugins: { onex },
      rules: {
        "@typescript-eslint/no-explicit-any": "error",
        "@typescript-eslint/no-unsafe-assignment": "error",
        "@typescript-eslint/no-unsafe-member-access": "error",
        "@typescript-eslint/no-unsafe-call": "error",
        "@typescript-eslint/no-unsafe-return": "error",
        "@typescript-eslint/no-unsafe-argument": "error",
        "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/switch-exhaustiveness-check": "error",
        "@typescript-eslint/only-throw-error": "error",
        "no-restricted-syntax": [
          "error",
          { selector: "TSEnumDeclaration", message: "Use an `as const` object with a same-named type instead of a TS enum (ARCHITECTURE §3)." },
        ],
        "onex/file-naming": "error",
      },
    },
    {
      files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
      ...tseslint.configs.disableTypeChecked,
    },
    {
      files: ["test/**/*.ts"],
      rules: {
        // vitest's expect matchers such as expect.any() are typed loosely; tests still may not write `any`.
        "@typescript-eslint/unbound-method": "off",
      },
    },
  );
}

export default createConfig(process.cwd());
