import { rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getSql } from "@/db/client";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { SIM_USERS, simControl, startSimulatorForPortal } from "../support/exact-simulator";
import {
  linkForApi,
  listening,
  pointDatabaseAt,
  type ScratchPortal,
  scratchPortal,
  npmStart as startPortal,
  tree,
} from "../support/npm-start";
import { postgresProcessesFor, processes, stopLeftovers, waitUntil } from "../support/postgres-processes";

// `npm start` as the README runs it — its embedded PostgreSQL in a scratch data dir, migrations,
// the job worker, `next start` — stopped the way a service manager, a container runtime or a
// terminal stops it: SIGTERM or SIGINT to npm's own pid, to the start script's, or to the whole
// process group. A pass-through call that Exact (the simulator) answers slowly is in flight
// when the signal comes. One data dir for every start: the link made once serves them all.

let scratch: ScratchPortal;
let pgDataDir: string;
let sim: ExactSimulator;
let port: number;
let pgPort: number;
let administrationId: string;
let loginId: string;
let apiKey: string;
const testDatabaseUrl = process.env.DATABASE_URL;
const npmStart = (env: Record<string, string> = {}) => startPortal(scratch, env);

/** The pass-through as another system calls it; Exact's answer comes after `delayMs`. */
async function slowCall(delayMs: number): Promise<{ call: Promise<Response> }> {
  await simControl(sim, "fault", { path: "current/Me", fault: { delayMs } });
  const call = fetch(`http://localhost:${port}/api/v1/administrations/${administrationId}/exact/current/Me`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  // In flight: the simulator holds it.
  const held = await waitUntil(
    async () => (await (await fetch(`${sim.url}/_control/fault`)).json()).holding === 1,
    30_000,
  );
  expect(held).toBe(true);
  return { call };
}

function startScriptPid(npmPid: number): number {
  const script = tree(npmPid).find((p) => p.args.includes("scripts/start.mts") && p.pid !== npmPid);
  if (!script) throw new Error("no start script under npm");
  return script.pid;
}

beforeAll(async () => {
  scratch = await scratchPortal("koppeling-stop-");
  ({ port, pgPort } = scratch);
  pgDataDir = path.join(scratch.dataDir, "postgres");
  // The portal's Exact is this simulator (EXACT_* set here, passed on to npm start); the key
  // is this process's too, so the link made here is readable by the portal.
  sim = await startSimulatorForPortal();
  const first = await npmStart();
  ({ loginId, administrationId, apiKey } = await linkForApi(scratch, sim));
  process.kill(-(first.npm.pid as number), "SIGTERM");
  expect(await first.exited).toEqual({ code: 0, signal: null });
}, 900_000);

afterAll(async () => {
  await pointDatabaseAt(testDatabaseUrl);
  await sim?.close();
  await stopLeftovers(pgDataDir);
  rmSync(scratch.dataDir, { recursive: true, force: true });
});

const targets = {
  "npm's own pid": (npmPid: number, signal: NodeJS.Signals) => process.kill(npmPid, signal),
  "the start script's pid": (npmPid: number, signal: NodeJS.Signals) => process.kill(startScriptPid(npmPid), signal),
  "the whole process group": (npmPid: number, signal: NodeJS.Signals) => process.kill(-npmPid, signal),
};

describe("a stop lets the call in flight end with Exact's answer, then leaves nothing running", () => {
  test.each([
    ["SIGTERM", "npm's own pid"],
    ["SIGTERM", "the start script's pid"],
    ["SIGTERM", "the whole process group"],
    ["SIGINT", "the whole process group"],
  ] as const)(
    "%s to %s",
    async (signal, target) => {
      const portal = await npmStart();
      const npmPid = portal.npm.pid as number;
      const running = tree(npmPid);
      // What must be gone afterwards is there now: the server and the database among them.
      expect(running.some((p) => p.args.startsWith("next-server"))).toBe(true);
      expect(postgresProcessesFor(pgDataDir).length).toBeGreaterThan(0);

      let answered = false;
      const response = (await slowCall(8_000)).call.finally(() => {
        answered = true;
      });
      targets[target](npmPid, signal);

      // No new request is taken while the one in flight still waits for Exact.
      expect(await waitUntil(async () => !(await listening(port)), 8_000)).toBe(true);
      expect(answered).toBe(false);
      const answer = await response;
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain(SIM_USERS.marieke.userName);

      expect(await portal.exited).toEqual({ code: 0, signal: null });
      const left = processes().filter((p) => running.some((r) => r.pid === p.pid));
      expect(left).toEqual([]);
      expect(postgresProcessesFor(pgDataDir)).toEqual([]);
      expect(await listening(port)).toBe(false);
      expect(await listening(pgPort)).toBe(false);
      expect(portal.output()).toContain(`${signal}: stopping`);
    },
    600_000,
  );
});

describe("a stop whose requests outlast SHUTDOWN_GRACE_SECONDS", () => {
  test("ends them, gives back the refresh lease the web server held (in doubt), and still exits 0", async () => {
    const portal = await npmStart({ SHUTDOWN_GRACE_SECONDS: "2" });
    let output = "";
    const npmPid = portal.npm.pid as number;
    const running = tree(npmPid);
    // The access token has run out: the call refreshes it first, and Exact's token endpoint
    // holds that refresh far beyond the grace time.
    const sql = postgres(scratch.databaseUrl, {
      max: 1,
      onnotice: () => {},
    });
    try {
      await sql`update oauth_logins set access_token_expires_at = now() - interval '1 minute',
        refresh_in_doubt_at = null where id = ${loginId}`;
      await simControl(sim, "fault", {
        path: "/api/oauth2/token",
        grantType: "refresh_token",
        fault: { delayMs: 60_000 },
      });
      const call = fetch(`http://localhost:${port}/api/v1/administrations/${administrationId}/exact/current/Me`, {
        headers: { authorization: `Bearer ${apiKey}` },
      }).catch((e: Error) => e);
      expect(
        await waitUntil(
          async () =>
            (await sql`select refresh_lease_owner from oauth_logins where id = ${loginId}`)[0].refresh_lease_owner !==
            null,
          30_000,
        ),
      ).toBe(true);
      // This test's own session would keep the database up (a user still connected).
      await sql.end({ timeout: 1 });
      process.kill(npmPid, "SIGTERM");
      // The web server was ended with the call unanswered.
      expect(await call).toBeInstanceOf(Error);
      expect(await portal.exited).toEqual({ code: 0, signal: null });
      output = portal.output();
      expect(output).toContain("SHUTDOWN_GRACE_SECONDS");
      expect(processes().filter((p) => running.some((r) => r.pid === p.pid))).toEqual([]);
    } finally {
      await sql.end({ timeout: 1 });
      await fetch(`${sim.url}/_control/fault?path=${encodeURIComponent("/api/oauth2/token")}`, { method: "DELETE" });
    }
    // Read at the next start: the lease is free, and the refresh is marked in doubt.
    const next = await npmStart();
    await pointDatabaseAt(scratch.databaseUrl);
    const [row] = await getSql()`select refresh_lease_owner as owner, refresh_in_doubt_at as "inDoubt"
      from oauth_logins where id = ${loginId}`;
    // The slow calls above ended during a stop's drain, each with Exact's 200: their records were
    // written before the web server exited (lib/exact/activity), not lost with its buffer.
    const [{ drained }] = await getSql()`select count(*)::int as drained from exact_calls
      where oauth_login_id = ${loginId} and on_behalf = 'api' and path = '/api/v1/current/Me' and status = 200`;
    await pointDatabaseAt(testDatabaseUrl);
    process.kill(next.npm.pid as number, "SIGTERM");
    expect(await next.exited).toEqual({ code: 0, signal: null });
    expect(row.owner, output).toBeNull();
    expect(row.inDoubt).not.toBeNull();
    expect(drained).toBeGreaterThanOrEqual(4);
  }, 600_000);
});
