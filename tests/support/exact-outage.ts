import { simControl, startSimulatorForPortal } from "./exact-simulator";
import type { PortalWithSimulator } from "./portal-with-simulator";

/**
 * Exact down for real, for `seconds` of its time: the simulator stops listening, so every call
 * the portal makes meets a refused connection, as when Exact or the road to it is down; no
 * fault is staged per call. Exact's clock runs on meanwhile: nobody can read it while it is
 * down, so it is moved through the whole outage before it goes. `end()` starts it again on the
 * same port from its state file, as Exact comes back after maintenance with the same tokens,
 * chains and counters; `world.sim` is then the new one.
 */
export async function exactOutage(world: PortalWithSimulator, seconds: number): Promise<{ end: () => Promise<void> }> {
  const stateFile = world.exactStateFile;
  if (!stateFile) throw new Error("an outage needs portalWithSimulator({ exactStateFile: true })");
  const { port } = world.sim;
  await simControl(world.sim, "clock", { advanceSeconds: seconds });
  await world.sim.close();
  return {
    end: async () => {
      world.sim = await startSimulatorForPortal({ port, stateFile });
    },
  };
}
