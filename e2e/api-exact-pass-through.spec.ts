import { readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { APIResponse } from "@playwright/test";
import { generateApiKey } from "@/lib/crypto/generate-api-key";
import { accessTokenColumn, proxyPasswordColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { startTestProxy, type TestProxy } from "../tests/support/test-proxy";
import { E2E_PORT } from "./support/constants";
import { e2eSql } from "./support/db";
import { decideInExact, signInToExact, simUrl } from "./support/exact-simulator";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Another system calls Exact through the portal with an API key, against the portal `npm start` runs and the
// simulator, with a real HTTP client. The link is made as a person makes it (Exact's consent
// screens), for an Exact user no other spec links (one chain per user and app), behind a real
// proxy that wants a password.

// One story: the link made in beforeAll, the answers gathered for the last test.
test.describe.configure({ mode: "serial" });

const sql = e2eSql();
// The server's key: to set the proxy password as the portal stores it, and to know the tokens
// that must never come back or be logged.
process.env.ENCRYPTION_KEY = process.env.E2E_ENCRYPTION_KEY;

const JAN = { userName: "jan.qics", password: "Qics-Jan-2019" };
const PROXY_PASSWORD = `proxy-geheim-${uniqueSuffix()}`;
/** A query value that must not reach the log (the path is logged, never the query's values). */
const CUSTOMER = `Klant${uniqueSuffix()}`;

let environmentId: string;
let loginId: string;
let administrationId: string;
let apiKey: string;
let apiKeyPrefix: string;
let proxy: TestProxy;
let logFrom: number;
/** Every answer the portal gave in this file, as text: status, headers and body. */
const answers: string[] = [];
/** Calls made through `exact()`: each must have its log line. */
let calls = 0;
/** Every access and refresh token the login held during this file. */
const tokens = new Set<string>();

test.beforeAll(async ({ browser }) => {
  logFrom = statSync(serverLog()).size;
  const suffix = uniqueSuffix();
  [{ id: environmentId }] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order) values (${`API ${suffix}`}, 95) returning id`;
  const admin = await seedUser(sql, { prefix: "api-admin", role: "admin" });
  await sql`update users set environment_id = ${environmentId} where id = ${admin.id}`;
  [{ id: loginId }] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site) values (${environmentId}, 'Facturatie', 'NL') returning id`;
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.goto(`/api/exact/connect?login=${loginId}`);
  // Not a click in the portal: the portal asks first.
  await page.getByRole("button", { name: "Doorgaan naar Exact Online" }).click();
  await signInToExact(page, JAN);
  await decideInExact(page, "Toestaan", JAN);
  await expect(page).toHaveURL(/notice=authorized/);
  await context.close();
  await noteTokens();

  proxy = await startTestProxy({ credentials: { username: "QICS\\api", password: PROXY_PASSWORD }, inspect: true });
  [{ id: administrationId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, proxy_server, proxy_username, proxy_domain)
    values (${environmentId}, 'FACTURATIE', ${loginId}, ${proxy.server}, 'api', 'QICS') returning id`;
  await sql`update administrations set proxy_password_enc = ${proxyPasswordColumn.seal(administrationId, PROXY_PASSWORD)}
    where id = ${administrationId}`;
  await sql`insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    values (${environmentId}, 'API-1', 'Qics BV', ${administrationId}, 2340001)`;
  const key = generateApiKey();
  // Read-write: this spec books, changes and deletes through the pass-through.
  await sql`insert into api_keys (environment_id, name, prefix, key_hash, scope, created_by_name)
    values (${environmentId}, 'Facturatie', ${key.prefix}, ${key.keyHash}, 'read-write', 'e2e')`;
  apiKey = key.key;
  apiKeyPrefix = key.prefix;
});

test.afterAll(async () => {
  await proxy?.close();
  await sql`delete from environments where id = ${environmentId}`;
  await sql.end();
});

function serverLog(): string {
  const file = process.env.E2E_SERVER_LOG;
  if (!file) throw new Error("E2E_SERVER_LOG is not set: run through `npm run test:e2e`");
  return file;
}

/** The login's tokens as they are now, in clear, for the check that none is ever shown. */
async function noteTokens(): Promise<void> {
  const [row] = await sql<{ access_token_enc: string; refresh_token_enc: string }[]>`
    select access_token_enc, refresh_token_enc from oauth_logins where id = ${loginId}`;
  tokens.add(accessTokenColumn.open(loginId, row.access_token_enc));
  tokens.add(refreshTokenColumn.open(loginId, row.refresh_token_enc));
}

type Request = Parameters<Parameters<typeof test>[2]>[0]["request"];

/** A call through the portal as another system makes it; the answer is kept for the secrets check. */
async function exact(
  request: Request,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: { data?: unknown; id?: string } = {},
): Promise<APIResponse> {
  const response = await request.fetch(`/api/v1/administrations/${options.id ?? administrationId}/exact/${path}`, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, ...(options.data ? { "Content-Type": "application/json" } : {}) },
    data: options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  answers.push(`${response.status()} ${JSON.stringify(response.headers())}\n${await response.text()}`);
  calls += 1;
  return response;
}

async function simCounters(request: Request) {
  return (await request.get(`${simUrl()}/_control/counters`)).json();
}

async function simControl(request: Request, path: string, data: unknown) {
  const response = await request.post(`${simUrl()}/_control/${path}`, { data });
  expect(response.ok()).toBe(true);
}

/** A request with its path exactly as written (no URL parsing on the way), as an attacker sends it. */
function rawGet(path: string): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "localhost", port: E2E_PORT, path, method: "GET", headers: { Authorization: `Bearer ${apiKey}` } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => {
          answers.push(`${res.statusCode} ${JSON.stringify(res.headers)}\n${body}`);
          resolve({ status: res.statusCode ?? 0, body, location: res.headers.location });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

test("with a key, the invoicing product reads and books in Exact through the link and its proxy", async ({
  request,
}) => {
  const me = await exact(request, "GET", "current/Me");
  expect(me.status()).toBe(200);
  expect(me.headers()["x-ratelimit-minutely-remaining"]).toMatch(/^\d+$/);
  expect((await me.json()).d.results[0]).toMatchObject({ UserName: "jan.qics" });

  const hours = await exact(request, "GET", "2340001/project/TimeTransactions");
  expect(hours.status()).toBe(200);
  expect(Array.isArray((await hours.json()).d.results)).toBe(true);

  const booked = await exact(request, "POST", "2340001/project/TimeTransactions", {
    data: { Quantity: 7.5, Notes: "Uren week 27" },
  });
  expect(booked.status()).toBe(201);
  const { ID } = (await booked.json()).d;
  const entity = `2340001/project/TimeTransactions(guid'${ID}')`;
  expect((await exact(request, "PUT", entity, { data: { Quantity: 8 } })).status()).toBe(204);
  expect((await (await exact(request, "GET", entity)).json()).d).toMatchObject({ Quantity: 8 });
  expect((await exact(request, "DELETE", entity)).status()).toBe(204);

  // Exact's own refusal of a query option passes through as it came (and its value is not logged).
  const refused = await exact(request, "GET", `2340001/project/TimeTransactions?$filter=Notes eq '${CUSTOMER}'`);
  expect(refused.status()).toBe(400);

  expect(proxy.requests).toEqual(
    expect.arrayContaining([
      "GET /nl/api/v1/current/Me",
      "POST /nl/api/v1/2340001/project/TimeTransactions",
      `DELETE /nl/api/v1/${entity}`,
    ]),
  );
  const [key] = await sql<{ call_count: number }[]>`select call_count from api_keys where prefix = ${apiKeyPrefix}`;
  expect(Number(key.call_count)).toBe(7);
  // Each write is in the audit log, by the key, without the body.
  const writes = await sql<{ actor_email: string; detail: Record<string, unknown> }[]>`
    select actor_email, detail from audit_events
    where action = 'administration.exact_write' and entity_id = ${administrationId} order by id`;
  expect(writes.map((w) => [w.actor_email, w.detail.method, w.detail.exactStatus, w.detail.prefix])).toEqual([
    ["api", "POST", 201, apiKeyPrefix],
    ["api", "PUT", 204, apiKeyPrefix],
    ["api", "DELETE", 204, apiKeyPrefix],
  ]);
  expect(JSON.stringify(writes)).not.toContain("Uren week 27");
  const [row] = await sql<
    { last_call_ok: boolean }[]
  >`select last_call_ok from administrations where id = ${administrationId}`;
  expect(row.last_call_ok).toBe(true);
});

test("a division not mapped to the administration is refused, and Exact is not called", async ({ request }) => {
  const before = await simCounters(request);
  const response = await exact(request, "GET", "2340002/project/TimeTransactions");
  expect(response.status()).toBe(403);
  expect((await response.json()).error).toMatchObject({
    code: "division_not_mapped",
    message: expect.stringContaining("Exact division 2340002 is not mapped to administration 'FACTURATIE'"),
  });
  expect(await simCounters(request)).toEqual(before);
});

test("under its own division, what lists other divisions or the licence is refused, and Exact is not called", async ({
  request,
}) => {
  const before = await simCounters(request);
  for (const path of ["2340001/system/Divisions", "2340001/system/AllDivisions", "2340001/hrm/Divisions"]) {
    const response = await exact(request, "GET", path);
    expect(response.status(), path).toBe(403);
    expect((await response.json()).error).toMatchObject({
      code: "division_scope",
      message: expect.stringContaining("call the portal's own GET /api/v1/divisions"),
    });
  }
  expect(await simCounters(request)).toEqual(before);
});

test("a path that tries to leave Exact's /api/v1/ never reaches Exact", async ({ request }) => {
  const before = await simCounters(request);
  const base = `/api/v1/administrations/${administrationId}/exact`;
  // What the path comes to: refused by the route in JSON (400, 403), or, where the server
  // resolves dot segments before routing, no route at all (404). Backslashes and doubled
  // slashes the server first redirects (308) to the normalized path; that is followed.
  const cases: [string, number][] = [
    ["2340001/../../oauth2/token", 404],
    ["2340001/%2e%2e/%2e%2e/oauth2/token", 404],
    ["2340001/.%2E/.%2e/oauth2/token", 404],
    ["2340001%2f..%2f..%2foauth2/token", 400],
    ["2340001/..%5c..%5coauth2/token", 400],
    ["2340001/..\\..\\oauth2/token", 404],
    ["https://evil.example/api/v1/current/Me", 400],
    ["/evil.example/current/Me", 403],
    ["current/Me/..", 403],
    ["oauth2/token", 403],
  ];
  for (const [path, expected] of cases) {
    let answer = await rawGet(`${base}/${path}`);
    if (answer.status === 308) answer = await rawGet(answer.location as string);
    expect(answer.status, `${path}: ${answer.body.slice(0, 200)}`).toBe(expected);
    if (expected !== 404) expect(JSON.parse(answer.body).error.code).toMatch(/^exact_path_/);
  }
  expect(await simCounters(request)).toEqual(before);
});

// With Exact's limits on. Fifty sent all at once, before any answer (every one carrying the
// refused token to Exact), is the realistic burst; it needs the in-flight limit of issue 22 and
// is that issue's proof. This one proves the callers that come while the refresh is under way.
test("50 calls arriving while the refresh of a refused access token is under way: one refresh, 50 answers", async ({
  request,
}) => {
  const before = await simCounters(request);
  await simControl(request, "revoke-access-tokens", { userName: JAN.userName });
  // Exact takes its time over the refresh, so the fifty arrive while it is under way.
  await simControl(request, "fault", {
    path: "/api/oauth2/token",
    grantType: "refresh_token",
    fault: { delayMs: 1_500 },
  });
  const first = exact(request, "GET", "current/Me");
  await expect
    .poll(async () => (await (await request.get(`${simUrl()}/_control/fault`)).json()).pending, { timeout: 10_000 })
    .toBe(0);
  const fifty = await Promise.all(Array.from({ length: 50 }, () => exact(request, "GET", "current/Me")));
  expect((await first).status()).toBe(200);
  expect(fifty.map((r) => r.status())).toEqual(Array(50).fill(200));
  for (const r of fifty) expect((await r.json()).d.results[0].UserName).toBe("jan.qics");

  const after = await simCounters(request);
  expect(after.token.refresh_token.ok - before.token.refresh_token.ok).toBe(1);
  // One call met the refused token; it and the fifty were answered with the new one.
  expect(after.api["current/Me"] - before.api["current/Me"]).toBe(1 + 51);
  expect(after.errorBlocked).toBe(before.errorBlocked);
  await noteTokens();
});

test("50 calls sent at once right after Exact revoked the access token, Exact's limits on: one refresh, 50 answers, no block", async ({
  request,
}) => {
  // A minute of Exact's own (60 calls a minute per user for current/Me): the test before this
  // one used most of the current one, and this burst is about refused tokens, not that limit.
  const { now } = (await (await request.get(`${simUrl()}/_control/clock`)).json()) as { now: number };
  await simControl(request, "clock", { advanceSeconds: (60_000 - (now % 60_000)) / 1000 + 1 });
  const before = await simCounters(request);
  await simControl(request, "revoke-access-tokens", { userName: JAN.userName });
  const fifty = await Promise.all(Array.from({ length: 50 }, () => exact(request, "GET", "current/Me")));
  expect(fifty.map((r) => r.status())).toEqual(Array(50).fill(200));
  const after = await simCounters(request);
  expect(after.token.refresh_token.ok - before.token.refresh_token.ok).toBe(1);
  // Only the calls in flight (EXACT_MAX_IN_FLIGHT, 4) carried the refused token to Exact.
  const refusedAtExact = after.api["current/Me"] - before.api["current/Me"] - 50;
  expect(refusedAtExact).toBeGreaterThanOrEqual(1);
  expect(refusedAtExact).toBeLessThanOrEqual(4);
  expect(after.errorBlocked).toBe(before.errorBlocked);
  await noteTokens();
});

test("nothing any answer returned, and nothing the portal logged meanwhile, holds a token, the proxy password or the key", async () => {
  const secrets = [...tokens, PROXY_PASSWORD, apiKey];
  expect(tokens.size).toBe(6);
  expect(answers.length).toBeGreaterThan(60);
  for (const answer of answers) for (const secret of secrets) expect(answer.includes(secret)).toBe(false);

  // Every call has its log line (method, path, status, time, the key's prefix), and nothing more.
  let log = "";
  await expect
    .poll(() => {
      // From the byte where this file began (the log holds multi-byte characters).
      log = readFileSync(serverLog()).subarray(logFrom).toString("utf8");
      return log.split("\n").filter((l) => l.includes('"api call"')).length;
    })
    .toBeGreaterThanOrEqual(calls);
  for (const secret of [...secrets, CUSTOMER, "Bearer"]) expect(log.includes(secret), secret).toBe(false);
  const line = log.split("\n").find((l) => l.includes('"api call"') && l.includes("current/Me"));
  expect(JSON.parse(line as string)).toMatchObject({
    apiKey: apiKeyPrefix,
    method: "GET",
    path: `/api/v1/administrations/${administrationId}/exact/current/Me`,
    status: 200,
    ms: expect.any(Number),
  });
});
