import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale, buildStamp, writeBuildStamp } from "@/lib/runtime/build-stamp";
import { ROOT } from "./run-script";

/**
 * The production build of this checkout as a plain `npm start` makes it (scripts/start.mts:
 * its stamp, no server actions key or deployment id of its own), built when missing or stale.
 * For the tests and benches that start the portal on a build that is already there
 * (SKIP_BUILD=1): on a fresh clone nothing else has built it yet. A build `npm start` then finds
 * current.
 */
export function ensureProductionBuild(): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: "",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  delete env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY;
  delete env.DEPLOYMENT_ID;
  delete env.NEXT_DEPLOYMENT_ID;
  const stamp = buildStamp(env);
  if (!buildIsStale(ROOT, stamp)) return;
  const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, stdio: "inherit", env });
  if (build.status !== 0) throw new Error("next build failed");
  writeBuildStamp(ROOT, stamp);
}
