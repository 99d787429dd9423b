import { E2E_PORT } from "./support/constants";
import { accepts, networkAddress } from "./support/network-address";
import { expect, test } from "./support/server-console";

// Out of the box (`npm start` without DATABASE_URL) the portal prints a first admin's password:
// it must not be on the network by accident. It listens on 127.0.0.1 only.
test("out of the box the portal answers on this machine and not on its network address", async () => {
  const address = networkAddress();
  test.skip(address === null, "this machine has no network address besides loopback");
  expect(await accepts("127.0.0.1", E2E_PORT)).toBe(true);
  expect(await accepts(address as string, E2E_PORT)).toBe(false);
});
