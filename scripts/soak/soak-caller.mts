// A portal process of the soak (scripts/soak.mts): it loads the portal's modules and calls Exact
// through the portal's one door, as a page or the API does — current/Me and the division list
// of a random login, a few calls at a time — while the soak kills it, restarts its database and
// has Exact fail. Arguments: <loops> <loginId>…. Prints `STATS {outcome: count}` every second;
// SIGTERM lets the calls in flight finish first.
import { setTimeout as sleep } from "node:timers/promises";
import { closeDb } from "@/db/client";
import { exactGetAll } from "@/lib/exact/api/exact-get-all";
import { readCurrentMe } from "@/lib/exact/read-current-me";

const [loops, ...loginIds] = process.argv.slice(2);
const counts: Record<string, number> = {};
let stopping = false;

async function oneCall(): Promise<void> {
  const loginId = loginIds[Math.floor(Math.random() * loginIds.length)];
  let outcome = "ok";
  try {
    if (Math.random() < 0.5) await readCurrentMe({ loginId, caller: "portal" });
    else await exactGetAll({ loginId, caller: "portal" }, "2340001/system/Divisions");
  } catch (e) {
    // The portal's own words (AppError codes), or what the database said while it was away.
    const error = e as { code?: string; cause?: { code?: string } };
    outcome =
      error.code ?? (error.cause?.code ? `database ${error.cause.code}` : `unexpected: ${String(e).slice(0, 80)}`);
  }
  counts[outcome] = (counts[outcome] ?? 0) + 1;
}

async function loop(): Promise<void> {
  while (!stopping) {
    await oneCall();
    await sleep(200 + Math.random() * 800);
  }
}

const report = () => console.log(`STATS ${JSON.stringify(counts)}`);
const timer = setInterval(report, 1000);
const running = Array.from({ length: Number(loops) }, loop);
process.once("SIGTERM", () => {
  stopping = true;
});
await Promise.all(running);
clearInterval(timer);
report();
await closeDb();
process.exit(0);
