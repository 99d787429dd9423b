import { expect, type Page } from "@playwright/test";

export type Visit = { path: string; status: number; problems: string[] };

// Next's own error page, and ours (app/error.tsx and app/global-error.tsx mark themselves).
const ERROR_PAGE = "[data-error-page], #__next_error__";

/** Same-origin page links on the current page: pathnames, without the API and sign-in. */
async function pageLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  return hrefs
    .map((href) => new URL(href))
    .filter((u) => u.origin === origin && !u.pathname.startsWith("/api/") && u.pathname !== "/login")
    .map((u) => u.pathname);
}

/**
 * Walks every page reachable from the portal's links, starting at the overview, plus the pages
 * no link leads to (`extra`), as the signed-in user of `page`. Each page is loaded whole and
 * checked: no 5xx, no error page, no error in the browser's console. Returns what it visited.
 */
export async function crawl(page: Page, baseUrl: string, extra: { path: string; status: number }[]): Promise<Visit[]> {
  const consoleErrors: string[] = [];
  const onConsole = (m: { type: () => string; text: () => string }) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  };
  const onPageError = (e: Error) => consoleErrors.push(`pageerror: ${e.message}`);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  const expected = new Map(extra.map((e) => [e.path, e.status]));
  const queue = ["/", ...extra.map((e) => e.path)];
  const seen = new Set(queue);
  const visits: Visit[] = [];
  try {
    while (queue.length > 0) {
      const path = queue.shift() as string;
      consoleErrors.length = 0;
      const response = await page.goto(new URL(path, baseUrl).toString(), { waitUntil: "load" });
      await page.waitForLoadState("networkidle");
      const status = response?.status() ?? 0;
      const problems: string[] = [];
      const want = expected.get(path) ?? 200;
      if (status !== want) problems.push(`answered ${status}, not ${want}`);
      if ((await page.locator(ERROR_PAGE).count()) > 0) problems.push("shows an error page");
      // The page's own status is in the console as a failed resource when it is not 200.
      const ownStatus = `the server responded with a status of ${status}`;
      for (const e of consoleErrors) {
        if (!(status !== 200 && e.includes(ownStatus))) problems.push(`console: ${e}`);
      }
      visits.push({ path, status, problems });
      for (const link of await pageLinks(page)) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
  }
  return visits;
}

/** Every visit without a problem, said as a list a person can read when it fails. */
export function expectNoProblems(visits: Visit[]): void {
  expect(visits.filter((v) => v.problems.length > 0).map((v) => `${v.path}: ${v.problems.join("; ")}`)).toEqual([]);
}
