import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import type { KillEvidence } from "./check-ledger";
import type { FaultDraw } from "./fault-schedule";
import type { SoakPostgres } from "./soak-postgres";
import type { SupervisedProcess } from "./supervised-process";

export type SoakWorld = {
  sim: ExactSimulator;
  pg: SoakPostgres;
  /** The soak's own connection, for reading who holds a lease. */
  sql: postgres.Sql;
  portals: SupervisedProcess[];
  workers: SupervisedProcess[];
  userNames: string[];
  kills: KillEvidence[];
  /** The options the soak runs with, put back after a fault changed one for a while. */
  baseOptions: Record<string, unknown>;
  /** The portal's EXACT_TOKEN_TIMEOUT_MS. */
  tokenTimeoutMs: number;
};

/** What became of one drawn fault: made as drawn, or missed (nothing to hit at that moment). */
export type FaultOutcome = { hit: boolean; note: string };

const TOKEN = "/api/oauth2/token";
/** Another substring of the same path, so the slow faults' clean-up never touches the others'. */
const TOKEN_SLOW = "/oauth2/token";

async function control(world: SoakWorld, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${world.sim.url}/_control/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Queues a fault for the next refresh and waits until a refresh takes it (or gives up). */
async function queueRefreshFault(world: SoakWorld, path: string, fault: unknown, waitMs = 30_000): Promise<boolean> {
  await control(world, "POST", "fault", { path, grantType: "refresh_token", fault });
  return queueEmpties(world, path, waitMs);
}

async function queueEmpties(world: SoakWorld, path: string, waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    const { pending } = (await control(world, "GET", "fault")) as { pending: number };
    if (pending === 0) return true;
    await sleep(100);
  }
  await control(world, "DELETE", `fault?path=${encodeURIComponent(path)}`);
  return false;
}

/** Lease holders now: login ids by the pid in the owner (host/start/pid/random). */
async function leasesByPid(world: SoakWorld): Promise<Map<number, string[]>> {
  const rows = await world.sql<{ id: string; owner: string }[]>`
    select id, refresh_lease_owner as owner from oauth_logins where refresh_lease_owner is not null`;
  const byPid = new Map<number, string[]>();
  for (const { id, owner } of rows) {
    const pid = Number(owner.split("/")[2]);
    byPid.set(pid, [...(byPid.get(pid) ?? []), id]);
  }
  return byPid;
}

/** SIGKILLs `process`, noting which leases it held (the checker's evidence), and starts it again later. */
async function killNoting(world: SoakWorld, process: SupervisedProcess, restartMs: number): Promise<string[]> {
  const held = process.pid === undefined ? [] : ((await leasesByPid(world)).get(process.pid) ?? []);
  world.kills.push({ at: Date.now(), loginIds: held });
  await process.kill(restartMs);
  return held;
}

/** Kills every soak process that holds a refresh lease now. */
async function killLeaseHolders(world: SoakWorld, restartMs: number): Promise<FaultOutcome> {
  const byPid = await leasesByPid(world);
  const holders = [...world.portals, ...world.workers].filter((p) => p.pid !== undefined && byPid.has(p.pid));
  for (const holder of holders) await killNoting(world, holder, restartMs);
  return holders.length
    ? { hit: true, note: `killed ${holders.map((h) => h.name).join(", ")} holding a lease` }
    : { hit: false, note: "no process held a lease at that moment" };
}

async function optionsForAWhile(world: SoakWorld, change: Record<string, unknown>, ms: number): Promise<void> {
  await control(world, "POST", "options", change);
  await sleep(ms);
  await control(
    world,
    "POST",
    "options",
    Object.fromEntries(Object.keys(change).map((k) => [k, world.baseOptions[k]])),
  );
}

/** Makes one drawn fault happen, for real. */
export async function injectFault(world: SoakWorld, draw: FaultDraw): Promise<FaultOutcome> {
  const { kind, target, ms } = draw;
  switch (kind) {
    case "kill-portal":
    case "kill-worker": {
      const pool = kind === "kill-portal" ? world.portals : world.workers;
      const victim = pool[target % pool.length];
      const held = await killNoting(world, victim, ms / 4);
      return { hit: true, note: `${victim.name}${held.length ? ` (holding ${held.length} lease)` : ""}` };
    }
    case "kill-in-token-answer": {
      // Exact has rotated and persisted; its answer is held: kill whoever waits for it.
      if (!(await queueRefreshFault(world, TOKEN, { delayAfterTokensMs: 5_000 })))
        return { hit: false, note: "no refresh came" };
      await sleep(600);
      return killLeaseHolders(world, ms / 4);
    }
    case "kill-renewing-lease": {
      // The refresh waits before Exact runs it, its holder renewing the lease: kill the holder.
      if (!(await queueRefreshFault(world, TOKEN_SLOW, { delayMs: 12_000 })))
        return { hit: false, note: "no refresh came" };
      await sleep(1_500 + (target % 2_000));
      return killLeaseHolders(world, ms / 4);
    }
    case "postgres-restart":
      await world.pg.restart(ms / 2);
      return { hit: true, note: `down ${Math.round(ms / 2)} ms` };
    case "connections-killed":
      return { hit: true, note: `${await world.pg.terminateConnections()} sessions` };
    case "token-slow": {
      const hit = await queueRefreshFault(world, TOKEN_SLOW, { delayMs: ms });
      return { hit, note: `${ms} ms before Exact runs it` };
    }
    case "token-slow-after-rotation": {
      const hit = await queueRefreshFault(world, TOKEN, { delayAfterTokensMs: ms });
      return { hit, note: `${ms} ms after Exact rotated` };
    }
    case "token-dropped-after-rotation": {
      const hit = await queueRefreshFault(world, TOKEN, { dropAfterTokens: true });
      return { hit, note: "connection destroyed after Exact rotated" };
    }
    case "token-timeout-after-rotation": {
      const hit = await queueRefreshFault(world, TOKEN, { delayAfterTokensMs: world.tokenTimeoutMs + 5_000 });
      return { hit, note: "answer held past the portal's timeout after Exact rotated" };
    }
    case "token-503": {
      const hit = await queueRefreshFault(world, TOKEN, { status: 503 });
      return { hit, note: "refresh answered 503" };
    }
    case "token-429":
      await optionsForAWhile(world, { tokenCallsPerDay: 1 }, ms);
      return { hit: true, note: `token endpoint at its day limit for ${ms} ms` };
    case "api-401": {
      const userName = world.userNames[target % world.userNames.length];
      const { revoked } = (await control(world, "POST", "revoke-access-tokens", { userName })) as { revoked: number };
      return { hit: revoked > 0, note: `${userName}'s access tokens revoked (${revoked})` };
    }
    case "api-503": {
      const path = target % 2 ? "current/Me" : "system/Divisions";
      await control(world, "POST", "fault", { path, fault: { status: 503 } });
      return { hit: await queueEmpties(world, path, 30_000), note: `${path} answered 503` };
    }
    case "api-429":
      await optionsForAWhile(world, { apiCallsPerMinute: 1 }, ms);
      return { hit: true, note: `REST at its minute limit for ${ms} ms` };
  }
}
