import { E2E_METRICS_PORT } from "./support/constants";
import { expect, test } from "./support/server-console";

// What an operator's tools ask of the portal `npm start` runs: /livez and /readyz without a
// session, and one /metrics page for the web server and the job worker.

test("/livez and /readyz answer anonymous callers with JSON, not the sign-in page", async ({ request }) => {
  const live = await request.get("/livez", { maxRedirects: 0 });
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });
  const ready = await request.get("/readyz", { maxRedirects: 0 });
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toBe("no-store");
  const body = await ready.json();
  expect(body).toMatchObject({
    status: "ok",
    checks: { database: { status: "ok" }, migrations: { status: "ok" }, jobQueue: { status: "ok" } },
  });
  for (const check of Object.values(body.checks)) expect(check).toMatchObject({ ms: expect.any(Number) });
  // A page beside them is still behind the sign-in.
  expect((await request.get("/readyz/other", { maxRedirects: 0 })).status()).toBe(307);
});

test("/metrics on the metrics port: the web server's and the worker's, the keep-alive's last run, the job queues", async ({
  request,
}) => {
  // A page the web server renders, so its process has answered something.
  await request.get("/login");
  const response = await request.get(`http://127.0.0.1:${E2E_METRICS_PORT}/metrics`);
  expect(response.status()).toBe(200);
  const page = await response.text();
  expect(page).toMatch(/^process_resident_memory_bytes\{process="web"\} \d+/m);
  expect(page).toMatch(/^process_resident_memory_bytes\{process="worker"\} \d+/m);
  expect(page).toMatch(/^nodejs_heap_size_used_bytes\{process="web"\} \d+/m);
  // The e2e portal runs the keep-alive every minute, and the global setup waited for it.
  const lastRun = Number(/^koppeling_keepalive_last_run_timestamp_seconds (\S+)$/m.exec(page)?.[1]);
  expect(lastRun).toBeGreaterThan(Date.now() / 1000 - 3600);
  expect(page).toMatch(/^koppeling_jobs_waiting\{queue="keepalive"\} \d+$/m);
  expect(page).toMatch(/^koppeling_oauth_logins\{environment="[^"]+",state="needs_reauth"\} \d+$/m);
  // The metrics port is this machine's only, and nothing but /metrics is there.
  expect((await request.get(`http://127.0.0.1:${E2E_METRICS_PORT}/`)).status()).toBe(404);
});
