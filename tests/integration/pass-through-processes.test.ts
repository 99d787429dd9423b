// A burst of other systems' calls spread over four portal processes, right after Exact revoked
// the access token: real Node processes serving the pass-through's own route handler, one
// PostgreSQL, the simulator with its limits on. Nothing is mocked.
import { eq } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { divisions, exactErrorCounts, oauthLogins } from "@/db/schema";
import { insertAdministration } from "../support/administration-row";
import { insertApiKey } from "../support/api-key-row";
import { type CallerProcess, killCallerProcesses, startCallerProcess } from "../support/caller-process";
import { SIM_USERS, simControl, simCounters, withLatency } from "../support/exact-simulator";
import type { PassThroughReport } from "../support/pass-through-callers.mts";
import { portalWithSimulator } from "../support/portal-with-simulator";

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
afterEach(async () => {
  await killCallerProcesses();
  await withLatency(world.sim, null);
});

test("50 calls at once over 4 portal processes after Exact revoked the token: 50 × 200, one refresh, at most 4 refused calls at Exact", async () => {
  const { key } = await insertApiKey(world.environmentId);
  const administrationId = await insertAdministration({
    environmentId: world.environmentId,
    oauthLoginId: world.loginId,
  });
  await getDb().insert(divisions).values({
    environmentId: world.environmentId,
    code: "D1",
    name: "Divisie",
    administrationId,
    exactDivisionCode: 2340001,
  });
  // Each process sees the four (portal_processes) before it reports ready, as running instances do.
  const processes: CallerProcess<PassThroughReport>[] = [13, 13, 12, 12].map((callers) =>
    startCallerProcess<PassThroughReport>(
      "tests/support/pass-through-callers.mts",
      [String(callers), administrationId, "current/Me"],
      { PASS_THROUGH_KEY: key, PASS_THROUGH_PROCESSES: "4" },
    ),
  );
  await Promise.all(processes.map((p) => p.ready));
  await withLatency(world.sim, 20, 200);
  await simControl(world.sim, "revoke-access-tokens", { userName: SIM_USERS.marieke.userName });
  const before = await simCounters(world.sim);

  const reports = await Promise.all(processes.map((p) => p.round()));

  expect(reports.flatMap((r) => r.codes)).toEqual([]);
  expect(reports.flatMap((r) => r.statuses)).toEqual(Array(50).fill(200));
  const after = await simCounters(world.sim);
  expect(after.token.refresh_token.ok - before.token.refresh_token.ok).toBe(1);
  // Four processes with four calls in flight each would send sixteen with the revoked token;
  // sharing EXACT_MAX_IN_FLIGHT (4) between them, at most four reach Exact.
  const refusedAtExact = after.api["current/Me"] - before.api["current/Me"] - 50;
  expect(refusedAtExact).toBeGreaterThanOrEqual(1);
  expect(refusedAtExact).toBeLessThanOrEqual(4);
  expect(after.errorBlocked).toBe(before.errorBlocked);
  // One refused token, counted once toward the portal's budget, whichever process met it.
  const counted = await getDb().select().from(exactErrorCounts);
  expect(counted.filter((c) => !c.key.startsWith("api|")).reduce((n, c) => n + c.count, 0)).toBe(1);
  const [login] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, world.loginId));
  expect(login).toMatchObject({ status: "active", lastError: null });
  await Promise.all(processes.map((p) => p.end()));
  // Four processes loading the portal's modules at once: on a fresh clone (tsx's cache cold, two
  // cores) their start alone took more than the default 30 s in CI.
}, 120_000);
