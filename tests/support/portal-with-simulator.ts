import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetClock } from "@/lib/clock";
import { listEnvironments } from "@/lib/data/environments";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { simControl, startSimulatorForPortal } from "./exact-simulator";
import { linkedLogin } from "./linked-login";
import { resetDatabase } from "./reset-database";
import { actorOf, makeUser } from "./users";

export type PortalWithSimulator = {
  sim: ExactSimulator;
  admin: ReturnType<typeof actorOf>;
  environmentId: string;
  /** With `linked`: that Exact user's login, linked through the consent round-trip. */
  loginId: string;
  /** With `exactStateFile`: where the simulator keeps its state, so it can be restarted (exactOutage). */
  exactStateFile?: string;
};

/**
 * For a test file: the Exact simulator for the whole file, and before each test an empty
 * database, both clocks at real time, Exact's state cleared, and an admin in the first
 * environment. The returned object's fields are filled in by the hooks.
 */
export function portalWithSimulator(
  options: { linked?: { description: string; userName: string; password: string }; exactStateFile?: boolean } = {},
): PortalWithSimulator {
  const world = {} as PortalWithSimulator;
  let stateDir: string | undefined;
  beforeAll(async () => {
    if (options.exactStateFile) {
      stateDir = mkdtempSync(path.join(tmpdir(), "koppeling-exact-sim-"));
      world.exactStateFile = path.join(stateDir, "state.json");
    }
    world.sim = await startSimulatorForPortal({ stateFile: world.exactStateFile });
  });
  afterAll(async () => {
    await world.sim.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetDatabase();
    resetClock();
    await simControl(world.sim, "reset", {});
    world.admin = actorOf(await makeUser("admin@example.nl", "admin"));
    world.environmentId = (await listEnvironments())[0].id;
    if (options.linked) world.loginId = await linkedLogin(world.sim, world.admin, world.environmentId, options.linked);
  });
  return world;
}
