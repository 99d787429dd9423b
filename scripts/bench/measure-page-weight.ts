import { gzipSync } from "node:zlib";
import type { Browser, BrowserContextOptions, Response } from "@playwright/test";

export type PageWeight = {
  /** Gzipped bytes of every JavaScript response of the visit. */
  js: number;
  /** How many JavaScript files. */
  files: number;
  /** Gzipped bytes of the HTML document (markup and the inline RSC payload, props included). */
  document: number;
  /** Each script's path and gzipped bytes, largest first, for finding out why a page is heavy. */
  scripts: { path: string; gzip: number }[];
};

// The size a browser downloads: the body gzipped here at zlib's default level (what `next start`
// uses), whatever the server sent, so the figure does not depend on the server compressing.
const gzipped = (body: Buffer) => gzipSync(body).length;

/**
 * A first visit to `url` (a new context: empty cache, only the cookies of `storageState`),
 * until the network is idle: what the page ships to the browser. Throws when the visit does not
 * end on `url`'s path (a sign-in that expired, a redirect), so a wrong page is never measured.
 */
export async function measurePageWeight(
  browser: Browser,
  url: string,
  storageState?: BrowserContextOptions["storageState"],
): Promise<PageWeight> {
  const context = await browser.newContext({ storageState, locale: "nl-NL", timezoneId: "Europe/Amsterdam" });
  try {
    const page = await context.newPage();
    const scripts: Promise<{ path: string; gzip: number }>[] = [];
    const read = async (response: Response) => ({
      path: new URL(response.url()).pathname,
      gzip: gzipped(await response.body()),
    });
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(read(response));
    });
    const response = await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    if (!response) throw new Error(`${url}: no response`);
    const wanted = new URL(url).pathname;
    const landed = new URL(page.url()).pathname;
    if (landed !== wanted) throw new Error(`${url}: landed on ${landed}`);
    const measured = (await Promise.all(scripts)).sort((a, b) => b.gzip - a.gzip);
    return {
      js: measured.reduce((sum, s) => sum + s.gzip, 0),
      files: measured.length,
      document: gzipped(await response.body()),
      scripts: measured,
    };
  } finally {
    await context.close();
  }
}
