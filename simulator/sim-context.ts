import type { SimClock } from "./clock";
import type { FaultRegistry } from "./faults/fault-registry";
import type { Fixture, FixtureApp, FixtureDivision, FixtureOptions, FixtureUser } from "./fixture/fixture-schema";
import type { Site } from "./sites";
import type { StateStore } from "./state/store";

/** What every route needs: fixture data, state, the clock, queued faults. */
export interface SimContext {
  fixture: Fixture;
  /** Fixture apps with the redirectUri override applied. */
  apps: FixtureApp[];
  store: StateStore;
  clock: SimClock;
  faults: FaultRegistry;
  control: boolean;
  /** Aborted when the simulator closes: delayed answers and delays stop waiting. */
  closing: AbortSignal;
  log: (line: string) => void;
  /** Fixture options with the control API's overrides applied. */
  options(): FixtureOptions;
  findApp(site: Site, clientId: string | null | undefined): FixtureApp | null;
  findUser(userName: string): FixtureUser | null;
  findDivision(code: number): FixtureDivision | null;
  /** Control API reset: empty state, clock back to real time, no faults. */
  resetAll(): Promise<void>;
}
