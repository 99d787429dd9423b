import { randomBytes } from "node:crypto";
import { advanceClock } from "@/lib/clock";
import { type ExactSimulator, startExactSimulator } from "@/simulator/start-exact-simulator";
import { ExactTestClient, requestIdOf } from "@/simulator/testing/exact-test-client";

export const REDIRECT_URI = "http://localhost:3000/api/exact/callback";
const SITES = ["NL", "BE", "DE", "UK", "US", "ES", "FR"] as const;

/**
 * The simulator in this process, and the portal's environment pointed at it: on a free port with
 * its state in memory, unless `port` and `stateFile` are given (a test stops "Exact" and starts
 * it again as it was). With `tls` it serves https, and the portal's EXACT_SITE_URL_* are https.
 */
export async function startSimulatorForPortal(
  options: { fixturePath?: string; port?: number; stateFile?: string | null; tls?: { key: string; cert: string } } = {},
): Promise<ExactSimulator> {
  const sim = await startExactSimulator({
    port: options.port ?? 0,
    stateFile: options.stateFile ?? null,
    control: true,
    redirectUri: REDIRECT_URI,
    fixturePath: options.fixturePath,
    tls: options.tls,
  });
  process.env.EXACT_REDIRECT_URI = REDIRECT_URI;
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  for (const site of SITES) {
    const app = sim.apps.find((a) => a.site === site);
    if (!app) continue;
    process.env[`EXACT_CLIENT_ID_${site}`] = app.clientId;
    process.env[`EXACT_CLIENT_SECRET_${site}`] = app.clientSecret;
    process.env[`EXACT_SITE_URL_${site}`] = sim.siteUrl(site);
  }
  return sim;
}

/**
 * What a person does in Exact's window: open the authorization URL the portal made, sign in
 * (unless the simulator's session cookie is there), then Toestaan or Weigeren. Returns the
 * URL Exact sends the browser back to.
 */
export async function consentInExact(
  sim: ExactSimulator,
  authorizationUrl: URL,
  options: { decision?: "allow" | "deny"; userName?: string; password?: string; browser?: ExactTestClient } = {},
): Promise<URL> {
  const browser = options.browser ?? new ExactTestClient(sim);
  let page = await browser.get(authorizationUrl.toString());
  if (page.status !== 200) throw new Error(`Exact answered ${page.status}: ${await page.text()}`);
  let html = await page.text();
  if (html.includes('name="password"')) {
    const login = await browser.login(
      requestIdOf(html),
      options.userName ?? sim.firstUser.userName,
      options.password ?? sim.firstUser.password,
    );
    page = await browser.follow(login);
    html = await page.text();
  }
  const decision = await browser.decide(requestIdOf(html), options.decision ?? "allow");
  return new URL(decision.headers.get("location") ?? "");
}

export async function simCounters(sim: ExactSimulator) {
  return (await fetch(`${sim.url}/_control/counters`)).json();
}

export async function simControl(sim: ExactSimulator, path: string, body: unknown) {
  const response = await fetch(`${sim.url}/_control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
  return response.json();
}

/** Moves both clocks, the portal's and Exact's (`exactSeconds` when they should differ). */
export async function elapse(sim: ExactSimulator, seconds: number, exactSeconds = seconds): Promise<void> {
  advanceClock(seconds * 1000);
  if (exactSeconds > 0) await simControl(sim, "clock", { advanceSeconds: exactSeconds });
}

/** The simulator's fixture users: each holds its own refresh-token chain with the app. */
export const SIM_USERS = {
  marieke: { userName: "marieke.qics", password: "Qics-Exact-2016" },
  pieter: { userName: "pieter.kantoor", password: "Pieters-Exact-130" },
  sanne: { userName: "sanne.bakery", password: "Bakery-Exact-1" },
  jan: { userName: "jan.qics", password: "Qics-Jan-2019" },
  ilse: { userName: "ilse.qics", password: "Qics-Ilse-2021" },
} as const;

/** The refresh outcomes the simulator has counted, without the zeros: { ok: 1 } means one refresh and nothing else. */
export async function refreshOutcomes(sim: ExactSimulator): Promise<Record<string, number>> {
  const counted: Record<string, number> = (await simCounters(sim)).token.refresh_token;
  return Object.fromEntries(Object.entries(counted).filter(([, n]) => n !== 0));
}

/** Queued faults no call has taken yet: a delayed call takes its fault as it arrives. */
export async function pendingFaults(sim: ExactSimulator): Promise<number> {
  return (await (await fetch(`${sim.url}/_control/fault`)).json()).pending;
}

/**
 * Every OAuth and REST answer of the simulator waits a random minMs–maxMs (half before the call
 * runs, half before its answer), as real Exact's do: a race between two callers is then as wide
 * as in production instead of the simulator's 1 ms. Kept until `reset`; `withLatency(sim, null)`
 * turns it off.
 */
export async function withLatency(sim: ExactSimulator, minMs: number | null, maxMs = minMs): Promise<void> {
  await simControl(sim, "options", { latencyMs: minMs === null ? null : { min: minMs, max: maxMs } });
}
