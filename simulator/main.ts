// `npm run exact:sim`: the Exact Online simulator on EXACT_SIM_PORT (default 4010).
// Environment: EXACT_SIM_PORT, EXACT_SIM_FIXTURE, EXACT_SIM_CONTROL=1 (test controls),
// EXACT_SIM_REDIRECT_URI (overrides every app's registered redirect URI), EXACT_SIM_STATE_FILE,
// EXACT_SIM_LATENCY_MS ("20-200": a random wait on every OAuth and REST call; read by startExactSimulator),
// EXACT_SIM_TLS_KEY and EXACT_SIM_TLS_CERT (PEM files: serve https, as Exact does; both or neither).
import { readFileSync } from "node:fs";
import { startExactSimulator } from "./start-exact-simulator";

const say = (line: string) => console.log(`[exact-sim] ${line}`);

/** https with the key and certificate files the operator names, or http when neither is set. */
function tlsFromEnv(): { key: Buffer; cert: Buffer } | undefined {
  const key = process.env.EXACT_SIM_TLS_KEY;
  const cert = process.env.EXACT_SIM_TLS_CERT;
  if (!key && !cert) return undefined;
  if (!key || !cert) throw new Error("EXACT_SIM_TLS_KEY and EXACT_SIM_TLS_CERT go together");
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

async function main(): Promise<void> {
  const sim = await startExactSimulator({
    tls: tlsFromEnv(),
    redirectUri: process.env.EXACT_SIM_REDIRECT_URI || undefined,
    stateFile: process.env.EXACT_SIM_STATE_FILE || undefined,
    log: process.env.EXACT_SIM_QUIET === "1" ? undefined : say,
  });
  console.log(`Exact Online simulator: ${sim.url} (sites: ${sim.siteUrl("NL")}, …/be, …/de, …/uk, …/us, …/es, …/fr)`);
  console.log(`Exact Online simulator user: ${sim.firstUser.userName}`);
  console.log(`Exact Online simulator password: ${sim.firstUser.password}`);
  for (const app of sim.apps) {
    console.log(`Exact Online simulator client id (${app.site}, ${app.name}): ${app.clientId} → ${app.redirectUri}`);
  }
  console.log("Exact Online simulator: client secrets are in the fixture file.");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`Exact Online simulator failed to start: ${error.message}`);
  process.exit(1);
});
