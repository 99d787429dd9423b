import postgres from "postgres";
import { afterAll, beforeEach, expect, test } from "vitest";
import { changesLive } from "@/db/change-listener";
import { getDb } from "@/db/client";
import { divisions } from "@/db/schema";
import { listEnvironments } from "@/lib/data/environments";
import { readPassThroughLink } from "@/lib/data/pass-through-link";
import { authenticateApiKey } from "@/lib/public-api/authenticate-api-key";
import { insertAdministration } from "../support/administration-row";
import { insertApiKey } from "../support/api-key-row";
import { resetDatabase } from "../support/reset-database";

// Keys and links are kept in memory per process (lib/data/change-cache.ts) and dropped when
// the database announces a change. `other` is another session (another portal process, a
// script, psql): what it commits must be seen by the very next read here.

const other = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
afterAll(() => other.end({ timeout: 1 }));
beforeEach(resetDatabase);

const call = (key: string) =>
  authenticateApiKey(new Request("http://portal.test/api/v1/x", { headers: { authorization: `Bearer ${key}` } }));

async function listening() {
  const until = Date.now() + 5_000;
  while (!changesLive()) {
    if (Date.now() > until) throw new Error("not listening for changes");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a key revoked by another session is refused by the next call, without a wait", async () => {
  const [productie] = await listEnvironments();
  const key = await insertApiKey(productie.id);
  await listening();
  for (let i = 0; i < 3; i++) expect(await call(key.key)).not.toBeInstanceOf(Response);
  await other`update api_keys set revoked_at = now() where id = ${key.id}`;
  const refused = await call(key.key);
  expect(refused).toBeInstanceOf(Response);
  expect(((await (refused as Response).json()) as { error: { code: string } }).error.code).toBe("api_key_revoked");
  // Revoked back (as a test can): working again at once.
  await other`update api_keys set revoked_at = null where id = ${key.id}`;
  expect(await call(key.key)).not.toBeInstanceOf(Response);
});

test("a division mapped or unmapped by another session is seen by the next read", async () => {
  const [productie] = await listEnvironments();
  const administrationId = await insertAdministration({ environmentId: productie.id, oauthLoginId: null });
  await listening();
  expect((await readPassThroughLink(productie.id, administrationId, 2340001))?.divisionMapped).toBe(false);
  expect((await readPassThroughLink(productie.id, administrationId, 2340001))?.divisionMapped).toBe(false);
  await other`insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    values (${productie.id}, '1', 'Qics BV', ${administrationId}, 2340001)`;
  expect((await readPassThroughLink(productie.id, administrationId, 2340001))?.divisionMapped).toBe(true);
  await other`update administrations set description = 'Hernoemd' where id = ${administrationId}`;
  expect((await readPassThroughLink(productie.id, administrationId, 2340001))?.description).toBe("Hernoemd");
  await getDb().delete(divisions);
  expect((await readPassThroughLink(productie.id, administrationId, 2340001))?.divisionMapped).toBe(false);
});

test("the reads come from memory: a change made without announcing it (triggers off) is not seen, until the listening connection is lost", async () => {
  const [productie] = await listEnvironments();
  const key = await insertApiKey(productie.id);
  await listening();
  expect(await call(key.key)).not.toBeInstanceOf(Response);
  await other.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`update api_keys set revoked_at = now() where id = ${key.id}`;
  });
  // Served from memory: the cache is what answers (which is why every change must announce itself).
  expect(await call(key.key)).not.toBeInstanceOf(Response);
  // The listening connection dropped: nothing in memory is trusted; the database answers.
  await other`select pg_terminate_backend(pid) from pg_stat_activity where application_name like '%-changes'`;
  const until = Date.now() + 5_000;
  while (changesLive() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(await call(key.key)).toBeInstanceOf(Response);
});
