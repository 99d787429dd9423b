import type { APIRequestContext, APIResponse, Page, Route } from "@playwright/test";

/** A server-action POST as the browser sent it, and what the server answered. */
export type RecordedAction = {
  url: string;
  headers: Record<string, string>;
  body: string;
  responseText: string;
};

// Headers the replaying client sets itself (the session is the replaying context's own).
const NOT_REPLAYED = new Set(["cookie", "content-length", "host", "connection", "accept-encoding"]);

/**
 * Runs `click` and records the server-action request it makes: the POST that carries a
 * `Next-Action` header, with its url, headers, body and the response text. The request goes
 * through a route, so the response body is read before the page can move on and drop it.
 */
export async function recordServerAction(page: Page, click: () => Promise<void>): Promise<RecordedAction> {
  let resolve: (recorded: RecordedAction) => void = () => {};
  const recorded = new Promise<RecordedAction>((r) => {
    resolve = r;
  });
  const handler = async (route: Route) => {
    const request = route.request();
    if (request.method() !== "POST" || request.headers()["next-action"] === undefined) return route.fallback();
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body });
    const headers = Object.fromEntries(
      Object.entries(await request.allHeaders()).filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase())),
    );
    resolve({ url: request.url(), headers, body: request.postData() ?? "", responseText: body.toString("utf8") });
  };
  await page.route("**/*", handler);
  try {
    await click();
    return await recorded;
  } finally {
    await page.unroute("**/*", handler);
  }
}

/** Sends the recorded request again from another client (its own cookies, or none). */
export function replayServerAction(request: APIRequestContext, recorded: RecordedAction): Promise<APIResponse> {
  return request.post(recorded.url, { headers: recorded.headers, data: recorded.body, maxRedirects: 0 });
}

/** Whether an action's RSC response carries an `{ ok: true }` result. */
export function reportsSuccess(responseText: string): boolean {
  return /"ok":true/.test(responseText);
}
