import { execFileSync } from "node:child_process";
import type { APIResponse, Page, Response } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { openUserMenu, signIn } from "./support/sign-in";
import { seedUser } from "./support/users";

/** The nonce the CSP header allows scripts with, after checking the headers around it. */
function expectSecureHeaders(headers: Record<string, string>): string {
  expect(headers["x-powered-by"]).toBeUndefined();
  const csp = headers["content-security-policy"] ?? "";
  expect(headers["x-frame-options"] === "DENY" || /(^|;)\s*frame-ancestors 'none'/.test(csp)).toBe(true);
  expect(headers["referrer-policy"]).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
  expect(headers["x-content-type-options"]).toBe("nosniff");
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  const nonce = scriptSrc.match(/'nonce-([A-Za-z0-9+/=_-]{16,})'/)?.[1];
  expect(nonce, `script-src with a nonce in: ${csp}`).toBeTruthy();
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(csp).toMatch(/(^|;)\s*object-src 'none'/);
  return nonce as string;
}

/**
 * The nonces of the scripts the server sent in the page (the chunks Next loads later are
 * trusted by 'strict-dynamic' through the scripts that load them, and carry none).
 */
async function scriptNonces(response: Response): Promise<string[]> {
  return [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(
    ([tag]) => tag.match(/\snonce="([^"]*)"/)?.[1] ?? "",
  );
}

test("page responses carry the security headers and a fresh CSP nonce that the page's scripts use", async ({
  page,
}) => {
  const login = (await page.goto("/login")) as Response;
  const loginNonce = expectSecureHeaders(await login.allHeaders());
  const nonces = await scriptNonces(login);
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([loginNonce]));

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const overview = (await page.goto("/")) as Response;
  const overviewNonce = expectSecureHeaders(await overview.allHeaders());
  expect(overviewNonce).not.toBe(loginNonce);
  expect(new Set(await scriptNonces(overview))).toEqual(new Set([overviewNonce]));
});

test("Strict-Transport-Security is sent when the portal is served over https, not over plain http", async ({
  request,
}) => {
  const plain = await request.get("/login");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  // As behind a TLS-terminating proxy: the page and the sign-in redirect both carry it.
  for (const url of ["/login", "/users"]) {
    const viaTls = await request.get(url, { headers: { "x-forwarded-proto": "https" }, maxRedirects: 0 });
    expect(viaTls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  }
});

test("GET /api/health answers 200 {status: ok}", async ({ request }) => {
  const response: APIResponse = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["x-powered-by"]).toBeUndefined();
});

test("pages and their scripts carry the build's deployment id, the commit (a tab of an older build reloads)", async ({
  request,
}) => {
  const head = execFileSync("git", ["rev-parse", "HEAD"]).toString().trim();
  const html = await (await request.get("/login")).text();
  expect(html).toMatch(new RegExp(`<html[^>]* data-dpl-id="${head}"`));
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) expect(src).toContain(`dpl=${head}`);
});

test("another site cannot frame the portal", async ({ page }) => {
  // The "other site": another origin on this machine, answered by the browser itself.
  const otherSite = `http://127.0.0.1:${new URL(E2E_BASE_URL).port}/framing-test`;
  await page.route(otherSite, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<iframe src="${E2E_BASE_URL}/login" width="600" height="400"></iframe>`,
    }),
  );
  const framed = page.frameLocator("iframe").getByRole("heading", { name: "Aanmelden" });

  // Control: with the two anti-framing headers taken off, the frame does show the page.
  await page.route(`${E2E_BASE_URL}/login`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers["x-frame-options"];
    headers["content-security-policy"] = (headers["content-security-policy"] ?? "").replace(
      /frame-ancestors[^;]*/,
      "frame-ancestors *",
    );
    await route.fulfill({ response, headers });
  });
  await page.goto(otherSite);
  await expect(framed).toBeVisible();
  await page.unroute(`${E2E_BASE_URL}/login`);

  // As served: refused. goto waits for the load event, which waits for the frame.
  await page.goto(otherSite);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame?.url()).not.toBe(`${E2E_BASE_URL}/login`);
  await expect(framed).toHaveCount(0);
});

test.describe("Content Security Policy while using the app", () => {
  const sql = e2eSql();
  test.afterAll(() => sql.end());

  /**
   * Collects CSP violations: console errors about the policy, and every securitypolicyviolation
   * event, reported through a binding (reading them with page.evaluate would itself use eval,
   * which the policy refuses).
   */
  async function watchViolations(page: Page): Promise<string[]> {
    const seen: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) seen.push(m.text());
    });
    await page.exposeFunction("__reportCsp", (line: string) => seen.push(line));
    await page.addInitScript(() => {
      const report = (window as unknown as { __reportCsp: (line: string) => void }).__reportCsp;
      document.addEventListener("securitypolicyviolation", (e) =>
        report(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`.trim()),
      );
    });
    return seen;
  }

  test("the watcher sees a violation: an injected inline event handler is refused", async ({ page }) => {
    const violations = await watchViolations(page);
    // Markup as an injection would leave it; its handler must not run.
    await page.addInitScript(() =>
      document.addEventListener("DOMContentLoaded", () =>
        document.body.insertAdjacentHTML(
          "beforeend",
          '<img src="/no-such-image.png" onerror="window.__reportCsp(\'handler ran\')">',
        ),
      ),
    );
    await page.goto("/login");
    await expect.poll(() => violations).toContainEqual(expect.stringMatching(/^script-src(-attr)? inline\b/));
    expect(violations).not.toContain("handler ran");
  });

  test("the overview, system pages, audit filter and the header's switches cause no CSP violation", async ({
    page,
  }) => {
    test.slow(); // several argon2 sign-ins and browser contexts
    const admin = await seedUser(sql, { prefix: "csp-admin", role: "admin" });
    await signIn(page, admin.email, admin.password);
    // Watched from here on, and away from the pages with a zod form (sign-in, Gebruikers, password):
    // those have their own test below. The reload starts the watching.
    const violations = await watchViolations(page);
    await page.reload();
    const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
    for (const name of ["OAuth logins", "Algemene instellingen", "Audit log", "Overzicht"]) {
      await nav.getByRole("link", { name }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    }
    await page.getByLabel("Omgeving").selectOption({ label: "Test" });
    await expect(page.getByText("Er zijn in de omgeving Test nog geen divisies vastgelegd.")).toBeVisible();
    await nav.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("button", { name: "Filteren" }).click();
    await expect(page).toHaveURL(/\/audit\?/);
    await openUserMenu(page);
    await page.getByLabel("Taal").selectOption({ label: "English" });
    await expect(page.getByRole("navigation", { name: "Main menu" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    expect(violations).toEqual([]);
  });

  // zod 4 probes eval with Function("") unless configured jitless (lib/schemas/zod-jitless.ts); the CSP refuses eval.
  test("signing in, the Gebruikers page and the forms cause no CSP violation", async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto("/login");
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto("/users");
    await page.getByRole("button", { name: "Nieuwe gebruiker" }).click();
    await page.getByRole("button", { name: "Gebruiker aanmaken" }).click();
    await expect(page.locator("#email-error")).toHaveText("Verplicht veld.");
    await page.goto("/account/password");
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await expect(page.locator("#currentPassword-error")).toHaveText("Verplicht veld.");
    expect(violations).toEqual([]);
  });
});
