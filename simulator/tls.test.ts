import tls from "node:tls";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "./start-exact-simulator";
import { ExactTestClient } from "./testing/exact-test-client";
import { makeTestCa, type TestCa } from "./testing/make-test-ca";

// Exact's sites are https only; with `tls` the simulator is too, so a client's TLS (and a
// proxy's CONNECT tunnel around it) can be tried for real. The CA is made for this run.

let ca: TestCa;
let sim: ExactSimulator;
let defaultCas: string[];
beforeAll(async () => {
  ca = makeTestCa("Exact simulator test CA");
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true, tls: ca.issueServerCertificate() });
  defaultCas = tls.getCACertificates("default");
});
afterAll(async () => {
  tls.setDefaultCACertificates(defaultCas);
  await sim.close();
  ca.remove();
});

test("a client that does not trust the CA is refused at the handshake: the certificate is checked", async () => {
  expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const refused = await fetch(`${sim.url}/_control/counters`).catch((e: Error) => e);
  expect(refused).toBeInstanceOf(Error);
  expect(String((refused as Error & { cause?: { code?: string } }).cause?.code)).toMatch(/UNABLE_TO|SELF_SIGNED/);
});

test("trusted: the whole round trip over https, and the next page's absolute URL is https", async () => {
  // The CA joins Node's default store, as NODE_EXTRA_CA_CERTS would add it at start.
  tls.setDefaultCACertificates([...defaultCas, ca.certPem]);
  const client = new ExactTestClient(sim);
  const tokens = await client.connect({ userName: "pieter.kantoor", password: "Pieters-Exact-130" });
  const me = await client.api("current/Me", tokens.access_token);
  expect(me.status).toBe(200);
  const division = (await me.json()).d.results[0].CurrentDivision;
  const first = await (await client.api(`${division}/system/Divisions`, tokens.access_token)).json();
  expect(first.d.__next).toMatch(new RegExp(`^${sim.url}/nl/api/v1/`));
  expect(first.d.results[0].__metadata.uri).toMatch(/^https:\/\//);
  const second = await client.api(first.d.__next, tokens.access_token);
  expect(second.status).toBe(200);
  // Same certificate by name as by address: it names both.
  expect((await fetch(`https://localhost:${sim.port}/_control/clock`)).status).toBe(200);
});
