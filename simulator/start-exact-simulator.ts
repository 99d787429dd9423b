import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SimClock } from "./clock";
import { createRequestHandler } from "./create-request-handler";
import { FaultRegistry } from "./faults/fault-registry";
import { parseLatency } from "./faults/parse-latency";
import {
  type FixtureApp,
  type FixtureDivision,
  type FixtureOptions,
  type FixtureUser,
  type Latency,
  redirectUriSchema,
} from "./fixture/fixture-schema";
import { loadFixture } from "./fixture/load-fixture";
import type { SimContext } from "./sim-context";
import { type Site, sitePrefix } from "./sites";
import { pruneState } from "./state/prune-state";
import { emptyState } from "./state/sim-state";
import { StateStore } from "./state/store";

// Relative to the project root (every entry point runs from there); no import.meta, so the
// module loads as CommonJS too (Playwright's loader).
export const DEFAULT_FIXTURE = path.resolve("simulator", "fixtures", "default.json");
export const DEFAULT_STATE_FILE = ".data/exact-sim/state.json";

export interface ExactSimulatorOptions {
  /** 0 = a free port. Default: EXACT_SIM_PORT or 4010. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default: EXACT_SIM_FIXTURE or simulator/fixtures/default.json. */
  fixturePath?: string;
  /** Default ".data/exact-sim/state.json" (relative to the working directory); null = memory only. */
  stateFile?: string | null;
  /** Serve /_control/*. Default: EXACT_SIM_CONTROL === "1". */
  control?: boolean;
  /** Replaces every fixture app's registered redirect URI (the portal passes its callback URL). */
  redirectUri?: string;
  /**
   * A random wait in [min, max] ms on every OAuth and REST call (not /_control), as the start
   * value of the `latencyMs` option (POST /_control/options changes it, reset brings this back).
   * Default: EXACT_SIM_LATENCY_MS ("20-200"), else the fixture's option (none).
   */
  latencyMs?: Latency | null;
  /**
   * Serve https with this key and certificate (PEM) instead of http: Exact's sites are https
   * only, and a test that must see TLS inside a proxy's CONNECT tunnel needs a TLS server.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** One line per request (method, path, status) and per problem; never secrets. */
  log?: (line: string) => void;
}

export interface ExactSimulatorApp {
  site: string;
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUri: string;
}

export interface ExactSimulator {
  /** http://127.0.0.1:PORT (https:// with `tls`) */
  url: string;
  port: number;
  /** The site's base URL, e.g. http://127.0.0.1:4010/nl (the stand-in for https://start.exactonline.nl). */
  siteUrl(site: Site): string;
  firstUser: { userName: string; password: string };
  apps: ExactSimulatorApp[];
  close(): Promise<void>;
}

/** Client ids are GUIDs; Exact shows them in braces and clients send either form. */
function normaliseClientId(clientId: string): string {
  return clientId
    .trim()
    .replace(/^\{(.*)\}$/, "$1")
    .toLowerCase();
}

/**
 * Starts the Exact Online simulator: one HTTP server serving all seven sites under /nl … /fr
 * (authorize, login, consent, token, current/Me, system/Divisions, system/AllDivisions), with
 * state persisted to `stateFile` so a restart changes nothing a client can see.
 */
export async function startExactSimulator(options: ExactSimulatorOptions = {}): Promise<ExactSimulator> {
  const port = options.port ?? Number(process.env.EXACT_SIM_PORT ?? 4010);
  const host = options.host ?? "127.0.0.1";
  const fixturePath = path.resolve(options.fixturePath ?? process.env.EXACT_SIM_FIXTURE ?? DEFAULT_FIXTURE);
  const stateFile = options.stateFile === undefined ? DEFAULT_STATE_FILE : options.stateFile;
  const control = options.control ?? process.env.EXACT_SIM_CONTROL === "1";
  const log = options.log ?? (() => {});

  const fixture = loadFixture(fixturePath);
  const baseOptions: FixtureOptions = {
    ...fixture.options,
    latencyMs:
      options.latencyMs !== undefined
        ? options.latencyMs
        : (parseLatency(process.env.EXACT_SIM_LATENCY_MS) ?? fixture.options.latencyMs),
  };
  if (options.redirectUri !== undefined && !redirectUriSchema.safeParse(options.redirectUri).success) {
    throw new Error(`Exact simulator: redirectUri must be https (or http on localhost) without query string`);
  }
  const apps: FixtureApp[] = fixture.apps.map((app) => ({
    ...app,
    redirectUri: options.redirectUri ?? app.redirectUri,
  }));
  const appIndex = new Map(apps.map((app) => [`${app.site}|${normaliseClientId(app.clientId)}`, app]));
  const userIndex = new Map<string, FixtureUser>(fixture.users.map((user) => [user.userName.toLowerCase(), user]));
  const divisionIndex = new Map<number, FixtureDivision>(fixture.divisions.map((d) => [d.Code, d]));

  const faults = new FaultRegistry();
  const shutdown = new AbortController();
  const store = new StateStore(
    stateFile === null ? null : path.resolve(stateFile),
    (s) => pruneState(s, clock.now()),
    log,
  );
  const clock = new SimClock(store.state.clockOffsetMs, (offsetMs) => {
    store.state.clockOffsetMs = offsetMs;
    store.changed();
  });

  const ctx: SimContext = {
    fixture,
    apps,
    store,
    clock,
    faults,
    control,
    closing: shutdown.signal,
    log,
    options: () => ({ ...baseOptions, ...store.state.optionOverrides }),
    findApp: (site, clientId) => (clientId ? (appIndex.get(`${site}|${normaliseClientId(clientId)}`) ?? null) : null),
    findUser: (userName) => userIndex.get(userName.trim().toLowerCase()) ?? null,
    findDivision: (code) => divisionIndex.get(code) ?? null,
    resetAll: async () => {
      faults.clear();
      await store.replace(emptyState());
      clock.reset();
    },
  };

  let url = "";
  const handler = createRequestHandler(ctx, () => new URL(url).host);
  const server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  url = `${options.tls ? "https" : "http"}://${urlHost}:${actualPort}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port: actualPort,
    siteUrl: (site) => `${url}${sitePrefix(site)}`,
    firstUser: { userName: fixture.users[0].userName, password: fixture.users[0].password },
    apps: apps.map(({ site, clientId, clientSecret, name, redirectUri }) => ({
      site,
      clientId,
      clientSecret,
      name,
      redirectUri,
    })),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        // First stop every pending delay, so no timer outlives the server.
        shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return closing;
    },
  };
}
