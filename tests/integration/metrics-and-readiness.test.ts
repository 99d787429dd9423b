import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { environments, oauthLogins } from "@/db/schema";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";
import { insertAdministration } from "../support/administration-row";
import { insertApiKey } from "../support/api-key-row";
import { ensureProductionBuild } from "../support/ensure-build";
import { simControl } from "../support/exact-simulator";
import { freePort, startPortalProcess } from "../support/portal-process";
import { portalWithSimulator } from "../support/portal-with-simulator";
import { postmasterPid, stopLeftovers, waitUntil } from "../support/postgres-processes";
import { ROOT } from "../support/run-script";

// The operator's view of the portal as `npm start` runs it (its start script with the job worker,
// and Next in a child process): one /metrics page for both, and a /readyz that follows the
// database. Real processes, the test's Exact simulator, real PostgreSQL servers.

const world = portalWithSimulator({
  linked: { description: "Facturatie", userName: "marieke.qics", password: "Qics-Exact-2016" },
});

const PROMTOOL = "/usr/bin/promtool";

// The portal processes below serve the build that is there: on a fresh clone, make it first.
beforeAll(ensureProductionBuild, 600_000);

/** A sample's value on a Prometheus text page, by name and exact labels; undefined when absent. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of page.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) {
      return Number(m[3]);
    }
  }
  return undefined;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** Whether anything accepts a connection on host:port. */
async function accepts(host: string, port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    socket.connect(port, host);
    await once(socket, "connect");
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

describe("/metrics under npm start: the web server and the job worker on one page", () => {
  test("after a refresh the web server made, the page counts it, the API call and Exact's answers, and shows the login's state from the database", async () => {
    const administrationId = await insertAdministration({
      environmentId: world.environmentId,
      oauthLoginId: world.loginId,
    });
    const { key } = await insertApiKey(world.environmentId);
    const [{ name: environment }] = await getDb()
      .select({ name: environments.name })
      .from(environments)
      .where(eq(environments.id, world.environmentId));
    const metricsPort = await freePort();
    const portal = await startPortalProcess({
      DATABASE_URL: process.env.DATABASE_URL as string,
      METRICS_PORT: String(metricsPort),
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    try {
      expect(portal.output()).toContain(`Prometheus metrics at ${metricsUrl}`);
      const before = await scrape(metricsUrl);
      expect(sample(before, "koppeling_token_refresh_total", { result: "ok" })).toBeUndefined();

      // Exact's clock ten minutes on: the access token the portal holds is refused, and the
      // web server (the API's route) refreshes it once, which Exact now allows.
      await simControl(world.sim, "clock", { advanceSeconds: 600 });
      const me = `${portal.url}/api/v1/administrations/${administrationId}/exact/current/Me`;
      const answer = await fetch(me, { headers: { authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(200);
      expect((await fetch(me, { headers: { authorization: "Bearer kop_not_a_key" } })).status).toBe(401);
      const [login] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, world.loginId));
      expect(login.status).toBe("active");
      expect(login.lastRefreshAt).not.toBeNull();

      const page = await scrape(metricsUrl);
      expect(sample(page, "koppeling_token_refresh_total", { result: "ok" })).toBe(1);
      expect(sample(page, "koppeling_token_refresh_total", { result: "refused" })).toBeUndefined();
      expect(sample(page, "koppeling_token_refresh_duration_seconds_count")).toBe(1);
      expect(sample(page, "koppeling_refresh_lease_wait_seconds_count")).toBe(1);
      // The refused token, then the answer with the new one.
      expect(sample(page, "koppeling_exact_requests_total", { caller: "api", status_class: "4xx" })).toBe(1);
      expect(sample(page, "koppeling_exact_requests_total", { caller: "api", status_class: "2xx" })).toBe(1);
      expect(sample(page, "koppeling_exact_request_duration_seconds_count", { caller: "api" })).toBe(2);
      expect(sample(page, "koppeling_api_requests_total", { status_class: "2xx" })).toBe(1);
      expect(sample(page, "koppeling_api_requests_total", { status_class: "4xx" })).toBe(1);
      expect(sample(page, "koppeling_exact_ratelimit_remaining", { window: "minutely" })).toBeGreaterThanOrEqual(0);
      // From the database, at the scrape: the login, and the administration that uses it.
      expect(sample(page, "koppeling_oauth_logins", { environment, state: "active" })).toBe(1);
      expect(sample(page, "koppeling_oauth_logins", { environment, state: "needs_reauth" })).toBe(0);
      expect(sample(page, "koppeling_administrations", { environment, state: "active" })).toBe(1);
      expect(sample(page, "koppeling_jobs_waiting", { queue: "keepalive-login" })).toBe(0);
      expect(sample(page, "koppeling_jobs_oldest_waiting_seconds", { queue: "keepalive-login" })).toBe(0);
      // Both processes' own metrics, each under its name.
      for (const process of ["web", "worker"]) {
        expect(sample(page, "process_resident_memory_bytes", { process })).toBeGreaterThan(0);
        expect(sample(page, "process_start_time_seconds", { process })).toBeGreaterThan(0);
      }
      // Prometheus's own linter, where it is installed (Debian's `prometheus` package brings it).
      if (existsSync(PROMTOOL)) {
        const lint = spawnSync(PROMTOOL, ["check", "metrics"], { input: page, encoding: "utf8" });
        // Only its remark on prom-client's own gauges nodejs_active_{handles,requests,resources}_total,
        // which keep the names every Node exporter gives them.
        const remarks = `${lint.stdout}${lint.stderr}`.split("\n").filter((l) => l.trim());
        expect(remarks.filter((l) => !/^nodejs_active_\w+_total non-counter metrics/.test(l))).toEqual([]);
      }
      // No label names a login, a key or a user.
      expect(page).not.toContain(world.loginId);
      expect(page).not.toContain(key);

      // A login that dies is counted as such at the next scrape.
      await getDb().update(oauthLogins).set({ status: "needs_reauth" }).where(eq(oauthLogins.id, world.loginId));
      const after = await scrape(metricsUrl);
      expect(sample(after, "koppeling_oauth_logins", { environment, state: "needs_reauth" })).toBe(1);
      expect(sample(after, "koppeling_oauth_logins", { environment, state: "active" })).toBe(0);
      expect(sample(after, "koppeling_administrations", { environment, state: "needs_reauth" })).toBe(1);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    } finally {
      await portal.stop();
    }
  }, 180_000);

  test("a metrics port in use is a warning, and the portal serves all the same", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const portal = await startPortalProcess({
        DATABASE_URL: process.env.DATABASE_URL as string,
        METRICS_PORT: String(port),
      });
      try {
        expect(portal.output()).toContain(
          `[koppeling] Metrics not served: 127.0.0.1:${port} is in use (METRICS_PORT chooses another port, off turns them off).`,
        );
        expect(portal.output()).not.toContain("Prometheus metrics at");
        expect((await fetch(`${portal.url}/readyz`)).status).toBe(200);
        expect(portal.child.exitCode).toBeNull();
      } finally {
        await portal.stop();
      }
    } finally {
      holder.close();
    }
  }, 180_000);

  test("METRICS_PORT=off: nothing listens, on the default port or any", async () => {
    // An address of its own, so the default port there is this test's to look at.
    const host = "127.0.0.77";
    const portal = await startPortalProcess({
      DATABASE_URL: process.env.DATABASE_URL as string,
      METRICS_PORT: "off",
      METRICS_HOST: host,
    });
    try {
      expect(portal.output()).not.toContain("Prometheus metrics at");
      expect(portal.output()).not.toContain("Metrics not served");
      expect(await accepts(host, 9464)).toBe(false);
      expect((await fetch(`${portal.url}/readyz`)).status).toBe(200);
    } finally {
      await portal.stop();
    }
  }, 180_000);
});

/** `npm run worker`'s script, until it says it works the queue; then SIGTERM. Returns what it printed. */
async function runWorker(env: Record<string, string>, whileRunning: (output: () => string) => Promise<void>) {
  const { METRICS_PORT: _, METRICS_HOST: __, ...own } = process.env;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.mts"], {
    cwd: ROOT,
    env: { ...own, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const exited = once(child, "exit");
  try {
    expect(await waitUntil(() => output.includes("Working the job queue") || child.exitCode !== null, 60_000)).toBe(
      true,
    );
    // The metrics line, when there is one, comes before it.
    await whileRunning(() => output);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

describe("npm run worker on its own", () => {
  test("serves its metrics only when METRICS_PORT is set for it: the worker's, with the database's gauges", async () => {
    await runWorker({}, async (output) => {
      expect(output()).not.toContain("metrics");
    });
    const port = await freePort();
    await runWorker({ METRICS_PORT: String(port) }, async (output) => {
      const url = `http://127.0.0.1:${port}/metrics`;
      expect(output()).toContain(`[koppeling worker] Prometheus metrics at ${url}`);
      const page = await scrape(url);
      expect(sample(page, "process_resident_memory_bytes", { process: "worker" })).toBeGreaterThan(0);
      expect(sample(page, "process_resident_memory_bytes", { process: "web" })).toBeUndefined();
      expect(sample(page, "koppeling_jobs_waiting", { queue: "keepalive" })).toBeGreaterThanOrEqual(0);
    });
  }, 120_000);
});

describe("/readyz follows the database", () => {
  test("PostgreSQL stops: 503 within 5 s, /livez still 200; it starts again: 200, with no restart of the portal", async () => {
    const dataDir = path.resolve(".data/test-postgres-readyz");
    rmSync(dataDir, { recursive: true, force: true });
    const pgPort = await freePort();
    const start = () => startEmbeddedPostgres({ dataDir, port: pgPort, database: "postgres", fast: true });
    let pg = await start();
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database koppeling_readyz");
    await admin.end();
    const url = new URL(pg.url);
    url.pathname = "/koppeling_readyz";
    await migrateDatabase(url.toString());
    const portal = await startPortalProcess({ DATABASE_URL: url.toString(), METRICS_PORT: "off" });
    const readyz = () => fetch(`${portal.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    try {
      const ready = await readyz();
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(await ready.json()).toEqual({
        status: "ok",
        checks: {
          database: { status: "ok", ms: expect.any(Number) },
          migrations: {
            status: "ok",
            ms: expect.any(Number),
            detail: expect.stringMatching(/^(\d+) applied, \1 in this build$/),
          },
          jobQueue: { status: "ok", ms: expect.any(Number) },
        },
      });
      // The old name answers the same, for load balancers pointed at it.
      const health = await fetch(`${portal.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", checks: { database: { status: "ok" } } });

      // A migration the database lacks: not ready, and the answer says which check.
      const direct = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [last] =
        await direct`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
      await direct`delete from drizzle.__drizzle_migrations where id = ${last.id}`;
      const behind = await readyz();
      expect(behind.status).toBe(503);
      expect(await behind.json()).toMatchObject({
        status: "unavailable",
        checks: {
          database: { status: "ok" },
          migrations: { status: "fail", detail: expect.stringMatching(/^behind: /) },
        },
      });
      await direct`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last.id}, ${last.hash}, ${last.created_at})`;
      await direct.end();
      expect((await readyz()).status).toBe(200);

      // As an operator stops it (pg_ctl stop -m fast): the portal's connections end with it.
      const pid = postmasterPid(dataDir) as number;
      process.kill(pid, "SIGINT");
      expect(await waitUntil(() => postmasterPid(dataDir) === undefined, 30_000)).toBe(true);
      // The first request after the stop, within the 5 s a load balancer gives it.
      const down = await readyz();
      expect(down.status).toBe(503);
      const body = await down.json();
      expect(body).toMatchObject({
        status: "unavailable",
        checks: { database: { status: "fail" }, jobQueue: { status: "fail" } },
      });
      // Nothing about where the database is, or who it is.
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|postgres|ECONNREFUSED/i);
      expect((await fetch(`${portal.url}/livez`)).status).toBe(200);

      pg = await start();
      await expect.poll(async () => (await readyz()).status, { timeout: 30_000, interval: 250 }).toBe(200);
      expect(portal.child.exitCode).toBeNull();
      expect(portal.output()).not.toMatch(/Cannot start|Ready to serve[\s\S]*Ready to serve/);
    } finally {
      await portal.stop();
      await pg.stop().catch(() => {});
      await stopLeftovers(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
