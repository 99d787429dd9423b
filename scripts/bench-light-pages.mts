// `npm run bench` (not part of npm test): what each page of the portal ships to the browser. The
// portal and the anchor (scripts/bench/light-pages-anchor: a bare Next.js page with one
// react-hook-form + zod form and one TanStack table, on the portal's own node_modules) are built
// with `next build` and started with `next start`; Chromium (Playwright) visits every page once
// with an empty cache, signed in where the page needs it, and every JavaScript response of the
// visit is counted, gzipped. Target: no page above 1.1 × the anchor. Writes its section of
// docs/BENCHMARKS.md. BENCH_SKIP_BUILD=1 reuses both builds; BENCH_PORT (3290) and the port
// after it are the two servers'; BENCH_VERBOSE=1 lists each page's scripts.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

process.env.LOG_LEVEL ??= "silent";

const { closeDb, getSql } = await import("@/db/client");
const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
const { ensureDefaultEnvironments } = await import("@/lib/data/environments");
const { createUser } = await import("@/lib/data/users");
const { startTestDatabase } = await import("../tests/support/test-database");
const { signIn } = await import("../e2e/support/sign-in");
const { default: playwrightConfig } = await import("../playwright.config");
const { measurePageWeight } = await import("./bench/measure-page-weight");
const { writeBenchmarkSection } = await import("./bench/write-benchmark-section");
type PageWeight = import("./bench/measure-page-weight").PageWeight;

const ANCHOR_DIR = "scripts/bench/light-pages-anchor";
const TARGET = 1.1;
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const PORTAL_URL = `http://localhost:${PORT}`;
const ANCHOR_URL = `http://localhost:${PORT + 1}`;
const nextBin = path.resolve("node_modules/next/dist/bin/next");

type As = "anonymous" | "admin" | "viewer";
// Every page of app/ (the file is checked against app/ below, so a new page cannot be left out).
const PAGES: { name: string; path: string; as: As; file: string }[] = [
  { name: "Aanmelden", path: "/login", as: "anonymous", file: "(auth)/login/page.tsx" },
  { name: "Wachtwoord wijzigen", path: "/account/password", as: "admin", file: "(account)/account/password/page.tsx" },
  { name: "Overzicht", path: "/", as: "admin", file: "(portal)/page.tsx" },
  {
    name: "Systeem › OAuth logins",
    path: "/system/oauth-logins",
    as: "admin",
    file: "(portal)/system/oauth-logins/page.tsx",
  },
  {
    name: "Systeem › Algemene instellingen › Divisies & administraties",
    path: "/system/settings?tab=divisions",
    as: "admin",
    file: "(portal)/system/settings/page.tsx",
  },
  {
    name: "Systeem › Algemene instellingen › Algemeen",
    path: "/system/settings?tab=general",
    as: "admin",
    file: "(portal)/system/settings/page.tsx",
  },
  { name: "Systeem › API-sleutels", path: "/system/api-keys", as: "admin", file: "(portal)/system/api-keys/page.tsx" },
  {
    name: "Systeem › API-documentatie",
    path: "/system/api-docs",
    as: "admin",
    file: "(portal)/system/api-docs/page.tsx",
  },
  { name: "Gebruikers", path: "/users", as: "admin", file: "(portal)/users/page.tsx" },
  { name: "Audit log", path: "/audit", as: "admin", file: "(portal)/audit/page.tsx" },
  // {login} and {administration}: the seeded rows' ids, filled in below.
  {
    name: "OAuth login › Activiteit",
    path: "/system/oauth-logins/{login}/activity",
    as: "admin",
    file: "(portal)/system/oauth-logins/[id]/activity/page.tsx",
  },
  {
    name: "Administratie › Activiteit",
    path: "/system/settings/administrations/{administration}/activity",
    as: "admin",
    file: "(portal)/system/settings/administrations/[id]/activity/page.tsx",
  },
  { name: "Geen toegang (Gebruikers, as viewer)", path: "/users", as: "viewer", file: "forbidden.tsx" },
  // Where a route handler sends a refused user (/api/exact/connect for a viewer): the same page.
  { name: "Geen toegang (route, as viewer)", path: "/no-access", as: "viewer", file: "(portal)/no-access/page.tsx" },
  { name: "Niet gevonden", path: "/bestaat-niet", as: "admin", file: "not-found.tsx" },
];

function pageFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory())
      return e.name === "api" || e.name.startsWith("_") ? [] : pageFiles(path.join(dir, e.name), rel);
    return /^(page|not-found|forbidden|unauthorized)\.tsx$/.test(e.name) ? [rel] : [];
  });
}
const missing = pageFiles("app").filter((f) => !PAGES.some((p) => p.file === f));
if (missing.length) throw new Error(`pages not measured: ${missing.join(", ")}`);

// A scratch database with an admin, a viewer and a row for each grid.
const db = await startTestDatabase("bench-light-pages", 54353);
process.env.DATABASE_URL = db.url;
await ensureDefaultEnvironments();
const users = {
  admin: { email: "bench-admin@example.test", name: "Bench Admin", password: "bench-admin-password-1" },
  viewer: { email: "bench-viewer@example.test", name: "Bench Viewer", password: "bench-viewer-password-1" },
};
for (const role of ["admin", "viewer"] as const) {
  await createUser(SYSTEM_ACTOR, { ...users[role], role, mustChangePassword: false });
}
const sql = getSql();
const [{ id: environmentId }] = await sql<{ id: string }[]>`select id from environments order by sort_order limit 1`;
const [login] = await sql<{ id: string }[]>`
  insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
  values (${environmentId}, 'Bench login', 'NL', 'active', 'bench.user', now() + interval '30 days') returning id`;
const [administration] = await sql<{ id: string }[]>`
  insert into administrations (environment_id, description, oauth_login_id)
  values (${environmentId}, 'BENCH', ${login.id}) returning id`;
await sql`insert into divisions (environment_id, code, name, administration_id)
  values (${environmentId}, 'B001', 'Bench BV', ${administration.id})`;
for (const p of PAGES) p.path = p.path.replace("{login}", login.id).replace("{administration}", administration.id);
await closeDb();

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: db.url,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  // Next picks its own export conditions per layer: the react-server one of tsx must not leak in.
  NODE_OPTIONS: "",
};

function build(dir: string): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  const run = spawnSync(process.execPath, [nextBin, "build", dir], { stdio: ["ignore", "ignore", "inherit"], env });
  if (run.status !== 0) throw new Error(`next build ${dir} failed`);
}

async function start(dir: string, url: string, ready: string): Promise<ChildProcess> {
  const server = spawn(process.execPath, [nextBin, "start", dir, "-p", new URL(url).port], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`next start ${dir} exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}${ready}`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`next start ${dir} did not answer within 60 s`);
}

build(".");
build(ANCHOR_DIR);
const servers = [await start(".", PORTAL_URL, "/api/health"), await start(ANCHOR_DIR, ANCHOR_URL, "/")];
const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
const chromiumVersion = browser.version();
let anchor: PageWeight;
const measured: { name: string; path: string; as: As; weight: PageWeight }[] = [];
try {
  // One sign-in per role through the form; each visit then starts from those cookies alone.
  const states: Partial<Record<As, Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>>> =
    {};
  for (const role of ["admin", "viewer"] as const) {
    const context = await browser.newContext({ baseURL: PORTAL_URL });
    await signIn(await context.newPage(), users[role].email, users[role].password);
    states[role] = await context.storageState();
    await context.close();
  }
  anchor = await measurePageWeight(browser, `${ANCHOR_URL}/`);
  for (const p of PAGES) {
    const weight = await measurePageWeight(browser, `${PORTAL_URL}${p.path}`, states[p.as]);
    measured.push({ ...p, weight });
  }
} finally {
  await browser.close();
  for (const server of servers) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  await db.stop();
}

// The same pages before issue 10's fixes (2026-11-29, this machine; JS / HTML in KB gzipped),
// shown beside each run's figures. The anchor was 186.7 KB then too.
const BEFORE: Record<string, { js: number; html: number }> = {
  Aanmelden: { js: 251.9, html: 10.4 },
  "Wachtwoord wijzigen": { js: 251.4, html: 10.4 },
  Overzicht: { js: 173.2, html: 13.0 },
  "Systeem › OAuth logins": { js: 269.4, html: 12.0 },
  "Systeem › Algemene instellingen › Divisies & administraties": { js: 272.9, html: 12.4 },
  "Systeem › Algemene instellingen › Algemeen": { js: 272.9, html: 12.2 },
  Gebruikers: { js: 268.5, html: 11.8 },
  "Audit log": { js: 262.0, html: 12.2 },
  "Geen toegang (Gebruikers, as viewer)": { js: 149.7, html: 10.1 },
  "Niet gevonden": { js: 147.8, html: 9.6 },
};

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (name: string, where: string, w: PageWeight) => {
  const ratio = w.js / anchor.js;
  const mark = ratio > TARGET ? " ✗" : "";
  const before = BEFORE[name];
  const was = before ? `${before.js.toFixed(1)} (${((before.js * 1024) / anchor.js).toFixed(2)})` : "";
  return `| ${name} | \`${where}\` | ${kb(w.js)} | ${w.files} | ${ratio.toFixed(2)}${mark} | ${was} | ${kb(w.document)} | ${before?.html.toFixed(1) ?? ""} |`;
};
if (process.env.BENCH_VERBOSE === "1") {
  for (const m of [{ name: "anchor", path: "/", weight: anchor }, ...measured]) {
    console.log(`\n${m.name} ${m.path}`);
    for (const s of m.weight.scripts) console.log(`  ${kb(s.gzip).padStart(6)} KB  ${s.path}`);
  }
}
const over = measured.filter((m) => m.weight.js > TARGET * anchor.js);
const cpus = os.cpus();
const body = `## Light pages: JavaScript per page (\`scripts/bench-light-pages.mts\`)

What each page ships to the browser on a first visit: every JavaScript response, gzipped (zlib's
default level, computed by the script from each body), of one visit with an empty cache until the
network is idle, in Chromium (Playwright) against \`next build\` + \`next start\`, signed in as
admin where the page needs it (the viewer for Geen toegang). The anchor is a bare Next.js page
with one react-hook-form + zod form and one sortable TanStack table (\`${ANCHOR_DIR}/\`), built
with the portal's own next, react, react-hook-form, zod and @tanstack/react-table. Target: no
page above ${TARGET} × the anchor (✗ marks one that is). HTML is the document, gzipped: markup and
the inline RSC payload (the props of client components, translations included); it is not part
of the target. "Before" is the portal before issue 10's fixes (2026-11-29). KB = 1,024 bytes.

| page | path | JS (KB, gzip) | JS files | × anchor | before: JS (× anchor) | HTML (KB, gzip) | before: HTML |
|---|---|---|---|---|---|---|---|
${row("**anchor**", "/", anchor)}
${measured.map((m) => row(m.name, m.path, m.weight)).join("\n")}

${over.length ? `Above the target: ${over.map((m) => m.name).join(", ")}.` : `Every page is within ${TARGET} × the anchor.`}

Why the pages were heavier, and what was done (each its own commit, figures in its message):

- **zod whole, every locale included** (88.9 KB on every page with a form). \`lib/schemas/zod.ts\`
  imported \`z\` and exported it again; Turbopack keeps a namespace that passes through a second
  module whole. Schema modules now import \`z\` from zod themselves and \`lib/schemas/zod-jitless.ts\`
  only for its side effect (jitless, for the CSP): zod is down to 30 KB.
- **Dialogs and forms that most visits never open**: the OAuth login dialog, the Nieuwe gebruiker
  form and the Bron administratie and Divisie dialogs load with \`next/dynamic\` when first
  opened (react-hook-form, zod and the schema with them, 43 KB).
- **Both settings tabs on each tab**: Next loads every client component a page imports, so the
  Divisies & administraties tab carried Algemeen's form, and Algemeen the grids. The tabs are
  \`next/dynamic\` components now (\`settings-tabs.tsx\`): rendered on the server as before, each
  tab's chunk fetched only where it shows.
- **zod for the audit log's URL**: its filters and pager read the URL in the browser through a zod
  schema; plain nuqs parsers do the same checks.
- **All messages on every page** (HTML, not JavaScript): the root layout gave the browser the whole
  catalog, 7 KB gzipped in every document. Now every page gets the shell's messages and those
  that put an action's failure in words (errors, validation), and each page adds what its own
  client components translate (\`lib/i18n/client-messages.tsx\`); the accessibility spec fails on
  a message a client component asks for and does not get.

What is left is the same on every page: React and Next's client (about 130 KB, as in the
anchor) and next-intl's message formatter (12 KB); the heaviest page, Algemeen, is the one with
a form on first view (react-hook-form and zod, as the anchor has).

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()}
- Node ${process.version}, Chromium ${chromiumVersion}
`;
writeBenchmarkSection("light-pages", body);
console.log(body);
