import "server-only";
import { databaseAnswers } from "@/lib/data/database-answers";
import { migrationsCurrent } from "@/lib/data/migrations-current";
import { queueReachable } from "@/lib/jobs/queue-state";
import { logger } from "@/lib/log/logger";

// /readyz (and its alias /api/health): whether this process can serve, checked against what it
// depends on. Each check has a short time of its own, and they run side by side, so a database
// that stopped answering turns the answer to 503 within seconds rather than when a connection
// attempt finally gives up; nothing is kept between requests, so it turns back by itself.

/** Per check: a load balancer asks every few seconds and must have an answer within 5 s. */
export const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = { status: "ok" | "fail"; ms: number; detail?: string };
export type Readiness = { status: "ok" | "unavailable"; checks: Record<string, CheckResult> };

/** Words for a public answer: never an address, a user or a driver's message (those go to the log). */
async function check(name: string, run: () => Promise<string | undefined>): Promise<[string, CheckResult]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const ms = () => Math.round(performance.now() - started);
  try {
    const detail = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError()), CHECK_TIMEOUT_MS);
      }),
    ]);
    return [name, { status: "ok", ms: ms(), ...(detail ? { detail } : {}) }];
  } catch (e) {
    if (!(e instanceof NotCurrent)) logger.warn({ err: e, check: name }, "readiness check failed");
    const detail = e instanceof TimeoutError ? "no answer in time" : e instanceof NotCurrent ? e.message : "failed";
    return [name, { status: "fail", ms: ms(), detail }];
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {}
class NotCurrent extends Error {}

export async function readiness(): Promise<Readiness> {
  const checks = Object.fromEntries(
    await Promise.all([
      check("database", async () => {
        await databaseAnswers();
        return undefined;
      }),
      check("migrations", async () => {
        const state = await migrationsCurrent();
        const words = `${state.applied} applied, ${state.expected} in this build`;
        if (!state.current) throw new NotCurrent(`behind: ${words}`);
        return words;
      }),
      check("jobQueue", async () => {
        await queueReachable();
        return undefined;
      }),
    ]),
  );
  const ok = Object.values(checks).every((c) => c.status === "ok");
  return { status: ok ? "ok" : "unavailable", checks };
}

/** The answer of /readyz: 200 when every check passed, 503 otherwise; never cached. */
export async function readinessResponse(): Promise<Response> {
  const result = await readiness();
  return Response.json(result, {
    status: result.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
