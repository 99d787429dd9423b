// The house rule, checked by `npm run lint`: imports run downward only. From the bottom:
//
//   db/                      the schema, the pool and raw queries
//   foundations              lib/*.ts (clock, errors, sites, durations), lib/log, lib/i18n,
//                            lib/auth (the rules), lib/schemas, lib/forms, lib/security,
//                            lib/environments, lib/network, lib/crypto, lib/telemetry,
//                            lib/metrics (the counters)
//   lib/audit                the audit log (its table too): every layer above may record
//   lib/exact                the Exact Online client: OAuth, tokens and their lease, the one
//                            door for REST calls, its rate-limit and error-budget tables
//   lib/data                 the portal's tables, one module each
//   lib/links, lib/public-api, what the portal does: link operations, the API for other
//   lib/jobs, lib/notify,      systems, jobs, notifications, the overview's words
//   lib/overview
//   lib/guards               who may do what: the signed-in user, action and route guards
//   app/, components/,       pages, screens, route handlers, entry points
//   scripts/, lib/runtime
//
// The database (db/) is imported by lib/data and by the exceptions named below, each with why.
// README.md, "Architecture", says the same in words.

const FOUNDATIONS =
  "^lib/([^/]+\\.tsx?$|(log|i18n|auth|schemas|forms|security|environments|network|crypto|telemetry|metrics)/)";
const ABOVE_AUDIT = "^lib/(exact|data|links|public-api|jobs|notify|overview|guards|runtime)/";
const ABOVE_EXACT = "^lib/(data|links|public-api|jobs|notify|overview|guards|runtime)/";
const ABOVE_DATA = "^lib/(links|public-api|jobs|notify|overview|guards|runtime)/";

/** Who may import db/, and why (README.md, "Architecture"). */
const DATABASE_DOORS = [
  // The data layer: one module per portal table.
  "^lib/data/",
  // The Exact client's own state: token columns and the refresh lease (a short committed
  // transaction on the login's row), rate-limit windows, the error budget, token-change notices,
  // the single-use OAuth states of consents under way, and the record of every call to Exact
  // (written in batches off the request path, pruned by age).
  "^lib/exact/(tokens|api|activity)/",
  "^lib/exact/oauth/authorization-state\\.ts$",
  // The audit log's table, low enough for every layer to record an event.
  "^lib/audit/audit-events\\.ts$",
  // pg-boss's own schema (the last runs), and notifications queued in the transaction that marks
  // a login's state as announced (pg-boss's send on that transaction).
  // pg-boss's backlog and last keep-alive for the metrics and /readyz, too.
  "^lib/jobs/(keep-alive-runs|notify-state-changes|queue-state)\\.ts$",
  // Entry points close the pool they opened (closeDb), nothing else.
  "^scripts/",
  "^lib/runtime/run-database-script\\.ts$",
  "^db/",
];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle: move the shared part (often a type) into a file of its own.",
      from: {},
      to: { circular: true },
    },
    {
      name: "nothing-imports-app",
      severity: "error",
      comment: "app/ is the top: lib/, components/ and db/ never import from it.",
      from: { path: "^(lib|components|db)/" },
      to: { path: "^app/" },
    },
    {
      name: "db-through-the-data-layer",
      severity: "error",
      comment: "The database is read and written through lib/data (or a door named in DATABASE_DOORS).",
      from: { pathNot: DATABASE_DOORS },
      to: { path: "^db/" },
    },
    {
      name: "db-imports-no-lib",
      severity: "error",
      comment: "db/ is the bottom layer.",
      from: { path: "^db/" },
      to: { path: "^(lib|components|app)/" },
    },
    {
      name: "foundations-stay-below",
      severity: "error",
      comment: "Foundations (rules, words, schemas, network, crypto) import no layer above them.",
      from: { path: FOUNDATIONS },
      to: { path: `${ABOVE_AUDIT}|^lib/audit/|^db/|^components/` },
    },
    {
      name: "audit-below-exact-and-data",
      severity: "error",
      comment: "lib/audit is reachable from every layer that records an event, so it imports none of them.",
      from: { path: "^lib/audit/" },
      to: { path: ABOVE_AUDIT },
    },
    {
      name: "exact-client-only",
      severity: "error",
      comment: "lib/exact is the Exact Online client: it knows nothing of the portal's tables or operations.",
      from: { path: "^lib/exact/" },
      to: { path: ABOVE_EXACT },
    },
    {
      name: "data-below-operations",
      severity: "error",
      comment: "lib/data holds the tables; the operations above it call it, never the other way.",
      from: { path: "^lib/data/" },
      to: { path: ABOVE_DATA },
    },
    {
      name: "operations-below-guards",
      severity: "error",
      comment: "Guards call operations; operations do not reach for the signed-in user.",
      from: { path: "^lib/(links|public-api|jobs|notify|overview)/" },
      to: { path: "^lib/(guards|runtime)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|\\.data|test-results|playwright-report)/" },
    // Tests and end-to-end support may reach anywhere; the rule is about the product.
    includeOnly: "^(app|components|lib|db|scripts)/|^(proxy|instrumentation)\\.ts$",
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    parser: "swc",
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs"],
    },
  },
};
