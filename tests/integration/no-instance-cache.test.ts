import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { ensureProductionBuild } from "../support/ensure-build";
import { ROOT } from "../support/run-script";

// Several instances behind a load balancer serve one another's people (docs/DEPLOY.md): what
// one instance shows must never come from a cache the others do not share. Read from the build
// `npm start` serves, since that is what decides it, not from the source.

beforeAll(ensureProductionBuild, 600_000);

const built = (file: string) => JSON.parse(readFileSync(path.join(ROOT, ".next", file), "utf8"));

/**
 * Built once and identical on every instance of one commit; none reads the database. A route
 * that appears here beside them was made static by a change (a page that no longer reads the
 * session, say): then each instance would show what it held at build time.
 */
const STATIC_ROUTES = ["/_global-error", "/api/v1/openapi.json", "/icon.svg"];

test("the build prerenders only what never changes, and regenerates nothing on an instance", () => {
  const manifest = built("prerender-manifest.json") as {
    routes: Record<string, { initialRevalidateSeconds: number | false }>;
    dynamicRoutes: Record<string, unknown>;
  };
  expect(Object.keys(manifest.routes).sort()).toEqual(STATIC_ROUTES);
  for (const [route, entry] of Object.entries(manifest.routes))
    expect({ route, revalidate: entry.initialRevalidateSeconds }).toEqual({ route, revalidate: false });
  // No page with parameters is prerendered and then kept per instance.
  expect(manifest.dynamicRoutes).toEqual({});
});

test("Next's own cache is off: no in-memory cache, no cache handler of an instance's own", () => {
  const { config } = built("required-server-files.json") as {
    config: { cacheMaxMemorySize: number; cacheHandler: string | null; cacheHandlers: Record<string, unknown> };
  };
  expect(config.cacheMaxMemorySize).toBe(0);
  expect(config.cacheHandler ?? null).toBeNull();
  expect(config.cacheHandlers ?? {}).toEqual({});
});
