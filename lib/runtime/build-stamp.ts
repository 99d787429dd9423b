import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

function commit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * Sets the deployment id Next builds and serves with (NEXT_DEPLOYMENT_ID: DEPLOYMENT_ID, else the
 * commit; a browser holding pages of another id reloads instead of calling actions this build
 * does not have) into `env`, and returns the stamp of the build those settings make: the commit,
 * that id and the server actions key (it names the actions, so instances built apart with one
 * key agree on them). A build with another stamp is built again.
 */
export function buildStamp(env: NodeJS.ProcessEnv): string {
  const head = commit();
  const deploymentId = env.DEPLOYMENT_ID || head;
  if (deploymentId) env.NEXT_DEPLOYMENT_ID = deploymentId;
  const key = env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY;
  const keyId = key ? createHash("sha256").update(key).digest("hex").slice(0, 12) : "generated";
  return `${head ?? "no-git"} deployment=${env.NEXT_DEPLOYMENT_ID ?? ""} actions-key=${keyId}`;
}

const stampFile = (root: string) => path.join(root, ".next/koppeling-stamp");

/** Whether the build in `root` is missing or was made with other settings than `stamp`. */
export function buildIsStale(root: string, stamp: string): boolean {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) return true;
  return !existsSync(stampFile(root)) || readFileSync(stampFile(root), "utf8") !== stamp;
}

export function writeBuildStamp(root: string, stamp: string): void {
  writeFileSync(stampFile(root), stamp);
}
