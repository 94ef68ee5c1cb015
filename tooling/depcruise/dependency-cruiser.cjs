// Layering of ONEX Infra (ARCHITECTURE §2): core <- spi <- infra <- apps/runtime.
// Paths are relative to the repository root (options.baseDir). A workspace import by package name resolves
// through pnpm's symlink to packages/<x>/dist, so `dist` must stay visible: never `exclude` it.
const path = require("node:path");

const IO_BUILTINS =
  "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|tls|dns|dns/promises|cluster|worker_threads|readline|repl|inspector|v8|vm)$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-no-other-layer",
      comment: "@onex/core is the bottom layer: it may not import spi, infra or the runtime (by package name or by path).",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: ["^packages/(spi|infra)/", "^apps/", "^@onex/(spi|infra|runtime)($|/)"] },
    },
    {
      name: "spi-imports-only-core",
      comment: "@onex/spi holds protocols only and may depend on @onex/core alone.",
      severity: "error",
      from: { path: "^packages/spi/" },
      to: { path: ["^packages/infra/", "^apps/", "^@onex/(infra|runtime)($|/)"] },
    },
    {
      name: "infra-never-imports-apps",
      comment: "@onex/infra implements spi on top of core; only apps/runtime composes it.",
      severity: "error",
      from: { path: "^packages/infra/" },
      to: { path: ["^apps/", "^@onex/runtime($|/)"] },
    },
    {
      name: "only-runtime-imports-infra",
      comment: "Only apps/runtime (the composition root) may import @onex/infra.",
      severity: "error",
      from: { pathNot: ["^packages/infra/", "^apps/runtime/"] },
      to: { path: ["^packages/infra/", "^@onex/infra($|/)"] },
    },
    {
      name: "no-circular",
      comment: "Cycles make layering and initialisation order fragile.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-and-spi-no-node-io",
      comment: "core and spi stay free of Node I/O so they can run anywhere; I/O belongs in infra.",
      severity: "error",
      from: { path: "^packages/(core|spi)/" },
      to: { dependencyTypes: ["core"], path: IO_BUILTINS },
    },
    {
      name: "no-deep-imports-by-path",
      comment: "Import another package through its public entry point (package name), never its files: internals may change freely.",
      severity: "error",
      from: { path: "^(packages|apps)/([^/]+)/" },
      to: { path: "^(packages|apps)/[^/]+/(src|test)/", pathNot: "^$1/$2/" },
    },
    {
      name: "no-deep-imports-by-name",
      comment: "Only the `exports` map of a workspace package is public: no `@onex/<pkg>/<subpath>` imports.",
      severity: "error",
      from: {},
      to: { path: "^@onex/[^/]+/.+" },
    },
    {
      name: "adapter-nodes-stay-in-their-folder",
      comment: "A node under infra/src/nodes/<name>/ imports only its own folder and shared infra modules, never another node.",
      severity: "error",
      from: { path: "^packages/infra/src/nodes/([^/]+)/" },
      to: { path: "^packages/infra/src/nodes/", pathNot: "^packages/infra/src/nodes/$1/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is either a typo or a dependency missing from package.json.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^@onex/" },
    },
  ],
  options: {
    // Overridable so the layering test can cruise a planted fixture tree with these exact rules.
    baseDir: process.env.ONEX_DEPCRUISE_BASEDIR ?? path.resolve(__dirname, "../.."),
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".d.ts", ".json"],
      mainFields: ["module", "main", "types"],
    },
  },
};
