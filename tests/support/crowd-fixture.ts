import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit/actor";
import { DEFAULT_FIXTURE, type ExactSimulator } from "@/simulator/start-exact-simulator";
import { linkedLogin } from "./linked-login";

export const CROWD_PASSWORD = "Crowd-Exact-2026";

/** The user name of crowd member `i` (1-based): crowd.01, crowd.02, … */
export const crowdUser = (i: number) => `crowd.${String(i).padStart(2, "0")}`;

/**
 * The default fixture plus `size` Exact users of their own (crowd.01 …, one Qics division
 * each). Exact keeps one refresh chain per user and app, so logins that must all live at
 * once need one Exact user each. Returns the path of the file (under .data/, rewritten each
 * time), for startSimulatorForPortal.
 */
export function crowdFixture(size: number): string {
  const fixture = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8"));
  for (let i = 1; i <= size; i++) {
    fixture.users.push({
      userName: crowdUser(i),
      password: CROWD_PASSWORD,
      fullName: `Crowd ${i}`,
      email: `${crowdUser(i)}@qics.example`,
      userId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      currentDivision: 2340001,
      divisions: [2340001],
    });
  }
  const dir = path.resolve(".data", "test-fixtures");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `crowd-${size}.json`);
  writeFileSync(file, JSON.stringify(fixture));
  return file;
}

/** Links `size` logins, one per crowd user, one after another (each a full consent round trip). */
export async function linkCrowd(
  sim: ExactSimulator,
  admin: Actor & { id: string },
  environmentId: string,
  size: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= size; i++) {
    ids.push(await linkedLogin(sim, admin, environmentId, { userName: crowdUser(i), password: CROWD_PASSWORD }));
  }
  return ids;
}
