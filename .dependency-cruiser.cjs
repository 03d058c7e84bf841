/**
 * The rules of direction from DESIGN.md, enforced on the import graph.
 * 1. dsl and engine import nothing from other top-level folders, and no fs/child_process/sockets
 *    (the DNS transport under engine/dns/transport is the one place sockets live).
 * 2. reports import only runner result/event types and dsl diagnostics (through their index).
 * 3. the runner reaches the engine only through runner/targets/reference/ (and the DNS wire helpers in
 *    runner/targets/dns-wire/, which use the engine's codec); the kube target never does.
 * 4. third-party packages each live in one place.
 * 5. each folder exposes an index.ts; no deep imports across top-level folders.
 */
const top = "(cli|dsl|engine|runner|reports|bench|lsp)";
module.exports = {
  forbidden: [
    {
      name: "pure-core-isolated",
      comment: "dsl/ and engine/ import nothing from the other top-level folders",
      severity: "error",
      from: { path: "^(dsl|engine)/" },
      to: { path: "^(cli|runner|reports|bench)/" },
    },
    {
      name: "dsl-engine-independent",
      comment: "The language knows nothing about running; the engine knows nothing about the language",
      severity: "error",
      from: { path: "^dsl/" },
      to: { path: "^engine/" },
    },
    {
      name: "engine-dsl-independent",
      severity: "error",
      from: { path: "^engine/" },
      to: { path: "^dsl/" },
    },
    {
      name: "pure-core-no-io",
      comment: "no filesystem, processes or sockets in dsl/ and engine/ (except the DNS transport)",
      severity: "error",
      from: { path: "^(dsl|engine)/", pathNot: "^engine/dns/transport/|\\.test\\.ts$" },
      to: {
        path: "^(node:)?(fs|fs/promises|child_process|net|dgram|http|https|tls|worker_threads)$",
        dependencyTypes: ["core"],
      },
    },
    {
      name: "lsp-sees-only-the-language",
      comment: "The language server is the language front end for editors: dsl/ only.",
      severity: "error",
      from: { path: "^lsp/" },
      to: { path: "^(engine|cli|runner|reports|bench)/" },
    },
    {
      name: "reports-see-only-results",
      comment: "reports import only runner events/results types and dsl diagnostics",
      severity: "error",
      from: { path: "^reports/" },
      to: { path: "^(engine|cli|bench)/" },
    },
    {
      name: "runner-reaches-engine-through-reference-target",
      comment: "only the reference target and the DNS wire helpers (the engine's codec) import the engine",
      severity: "error",
      from: {
        path: "^runner/",
        pathNot: "^runner/targets/(reference|dns-wire)/",
      },
      to: { path: "^engine/" },
    },
    {
      name: "kube-target-independent-of-reference",
      comment: "the kube target talks to real clusters only: it never borrows the reference engine",
      severity: "error",
      from: { path: "^runner/targets/kube/" },
      to: { path: "^runner/targets/(reference|dns-wire)/" },
    },
    {
      name: "no-deep-imports-across-folders",
      comment: "cross-folder imports go through the folder's index.ts (tests may use test helpers)",
      severity: "error",
      from: { path: `^${top}/`, pathNot: "\\.test\\.ts$" },
      to: {
        path: `^${top}/.+`,
        pathNot: [`^${top}/index\\.ts$`, "^$1/"],
      },
    },
    {
      name: "no-deep-imports-across-subfolders",
      comment: "inside engine/ and runner/, a sibling folder is reached through its index.ts",
      severity: "error",
      from: { path: "^(engine|runner|reports|dsl|cli)/([^/]+)/" },
      to: {
        path: "^$1/[^/]+/.+",
        pathNot: ["^$1/$2/", "^$1/[^/]+/index\\.ts$"],
      },
    },
    {
      name: "peggy-only-in-dsl",
      severity: "error",
      from: { pathNot: "^dsl/|^scripts/" },
      to: { path: "node_modules/peggy/" },
    },
    {
      name: "kube-client-and-execa-only-in-targets",
      severity: "error",
      from: { pathNot: "^runner/targets/" },
      to: { path: "node_modules/(execa|@kubernetes/client-node)/" },
    },
    {
      name: "junit-builder-only-in-reports",
      severity: "error",
      from: { pathNot: "^reports/" },
      to: { path: "node_modules/junit-report-builder/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "parser\\.generated\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
