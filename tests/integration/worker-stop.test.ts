import { afterEach, describe, expect, test } from "vitest";
import { getSql } from "@/db/client";
import { releaseLeasesOf } from "@/lib/exact/tokens/refresh-lease";
import { QUEUES } from "@/lib/jobs/job-queue";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { SIM_USERS, simControl } from "../support/exact-simulator";
import { makeLoginsDue } from "../support/make-logins-due";
import { portalWithSimulator } from "../support/portal-with-simulator";
import { waitUntil } from "../support/postgres-processes";

// What `npm start`'s stop asks of its job worker: finish the jobs in hand within the grace, or
// hand them back to the queue; and then give back a refresh lease a job still held.

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
let worker: Worker | undefined;

afterEach(async () => {
  await worker?.stop(1_000);
  worker = undefined;
  // A refresh still held by "Exact" goes on at once, so nothing of this test runs on after it.
  await fetch(`${world.sim.url}/_control/fault`, { method: "DELETE" });
});

const loginJobs = () =>
  getSql()<{ state: string }[]>`select state::text as state from pgboss.job where name = ${QUEUES.keepAliveLogin}`;

/** Starts a keep-alive of the login whose refresh Exact holds for `delayMs`; returns once it is held. */
async function keepAliveHeldByExact(delayMs: number): Promise<void> {
  await getSql()`drop schema if exists pgboss cascade`;
  worker = await startWorker();
  await makeLoginsDue(world.sim, [world.loginId]);
  await simControl(world.sim, "fault", { path: "/api/oauth2/token", grantType: "refresh_token", fault: { delayMs } });
  await worker.boss.send(QUEUES.keepAliveLogin, { loginId: world.loginId });
  const held = await waitUntil(
    async () => (await (await fetch(`${world.sim.url}/_control/fault`)).json()).holding === 1,
    30_000,
  );
  expect(held).toBe(true);
}

describe("the worker at a stop", () => {
  test("a job that outlasts the grace is handed back to the queue, and its lease is given back in doubt", async () => {
    await keepAliveHeldByExact(60_000);
    await worker?.stop(1_000);
    worker = undefined;
    // Handed back: failed for a retry, no longer active under a worker that is gone.
    expect((await loginJobs()).map((j) => j.state)).toEqual(["retry"]);
    const [before] = await getSql()`select refresh_lease_owner as owner from oauth_logins where id = ${world.loginId}`;
    expect(before.owner).not.toBeNull();
    expect(await releaseLeasesOf()).toBe(1);
    const [after] = await getSql()`select refresh_lease_owner as owner, refresh_in_doubt_at as "inDoubt"
      from oauth_logins where id = ${world.loginId}`;
    expect(after.owner).toBeNull();
    expect(after.inDoubt).not.toBeNull();
  });

  test("a job that ends within the grace is finished, and no lease is left to give back", async () => {
    await keepAliveHeldByExact(1_500);
    await worker?.stop(20_000);
    worker = undefined;
    expect((await loginJobs()).map((j) => j.state)).toEqual(["completed"]);
    expect(await releaseLeasesOf()).toBe(0);
    const [row] =
      await getSql()`select status, refresh_in_doubt_at as "inDoubt" from oauth_logins where id = ${world.loginId}`;
    expect(row).toEqual({ status: "active", inDoubt: null });
  });
});
