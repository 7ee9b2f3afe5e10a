/**
 * The kit's dependency rules, checked by `pnpm lint` (`pnpm check:boundaries`):
 * - apps are leaves: no package and no tool imports an app, and no app imports another;
 * - the web app takes only types from the server side (the API's limits, a module without imports, aside);
 * - no import cycles.
 * @type {import("dependency-cruiser").IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes load order matter and modules impossible to understand alone.",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      comment: "Apps are leaves: what an app and a package both need belongs in a package.",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "tooling-never-imports-apps",
      severity: "error",
      comment: "The CLI, the emulator and the suites use packages (or start an app as a process), never an app as a library.",
      from: { path: "^tooling/" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-never-import-each-other",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "web-takes-only-types-from-the-server-side",
      severity: "error",
      comment: "The browser bundle must not pull in server code: `import type` only (the API's limits module aside).",
      from: { path: "^apps/web/" },
      to: { path: "^packages/(api|config)/", pathNot: "^packages/api/src/limits\\.ts$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules|artifacts|coverage)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["kit-source", "import", "require", "node", "default"],
      mainFields: ["module", "main"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
