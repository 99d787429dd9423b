import { hostname } from "node:os";
import { beforeEach, describe, expect, test } from "vitest";
import { getSql } from "@/db/client";
import { listEnvironments } from "@/lib/data/environments";
import { claimRefreshLease, releaseLeasesOf } from "@/lib/exact/tokens/refresh-lease";
import { resetDatabase } from "../support/reset-database";

// At a stop, `npm start` gives back the refresh leases its processes still hold (the web server
// it ended at the end of the grace time, or its own worker): by process, never another's.

beforeEach(resetDatabase);

async function login(description: string, lease: { owner: string; inDoubt?: string } | null): Promise<string> {
  const environmentId = (await listEnvironments())[0].id;
  const [{ id }] = await getSql()<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, refresh_lease_owner, refresh_lease_until, refresh_in_doubt_at)
    values (${environmentId}, ${description}, 'NL', ${lease?.owner ?? null},
      ${lease ? new Date(Date.now() + 30_000).toISOString() : null}, ${lease?.inDoubt ?? null})
    returning id`;
  return id;
}

async function row(id: string) {
  const [r] = await getSql()<{ owner: string | null; until: string | null; inDoubt: string | null }[]>`
    select refresh_lease_owner as owner, refresh_lease_until as until, refresh_in_doubt_at::text as "inDoubt"
    from oauth_logins where id = ${id}`;
  return r;
}

describe("releaseLeasesOf", () => {
  test("frees the leases of that process only, each refresh marked in doubt; an earlier doubt is kept", async () => {
    process.env.KOPPELING_START_ID = "start_a";
    const me = `${hostname()}/start_a/4242/`;
    const mine = await login("Mijn", { owner: `${me}a` });
    const alsoMine = await login("Ook mijn", { owner: `${me}b`, inDoubt: "2026-01-02 03:04:05+00" });
    const otherPid = await login("Ander proces", { owner: `${hostname()}/start_a/42420/c` });
    const otherHost = await login("Andere machine", { owner: `elders-${hostname()}/start_a/4242/d` });
    // A replica with the same host name and pid (containers), started apart.
    const otherStart = await login("Andere replica", { owner: `${hostname()}/start-b/4242/e` });
    // The _ in this start's id is LIKE's wildcard: it must match itself only, not "startXa".
    const wildcard = await login("Jokerteken", { owner: `${hostname()}/startXa/4242/f` });
    const free = await login("Vrij", null);

    expect(await releaseLeasesOf(4242)).toBe(2);

    expect(await row(mine)).toMatchObject({ owner: null, until: null, inDoubt: expect.any(String) });
    expect((await row(alsoMine)).inDoubt).toBe("2026-01-02 03:04:05+00");
    for (const [id, owner] of [
      [otherPid, `${hostname()}/start_a/42420/c`],
      [otherHost, `elders-${hostname()}/start_a/4242/d`],
      [otherStart, `${hostname()}/start-b/4242/e`],
      [wildcard, `${hostname()}/startXa/4242/f`],
    ]) {
      expect(await row(id)).toMatchObject({ owner, inDoubt: null });
    }
    expect(await row(free)).toMatchObject({ owner: null, inDoubt: null });
    delete process.env.KOPPELING_START_ID;
  });

  test("a lease this process claims carries its host and pid, so a stop finds it", async () => {
    const id = await login("Te verversen", null);
    await getSql()`update oauth_logins set refresh_token_enc = 'x', token_version = 1 where id = ${id}`;
    const claim = await claimRefreshLease(id, 1);
    expect(claim.kind).toBe("claimed");
    expect((await row(id)).owner).toMatch(new RegExp(`^${hostname()}/-/${process.pid}/`));
    expect(await releaseLeasesOf()).toBe(1);
    expect((await row(id)).owner).toBeNull();
  });
});
