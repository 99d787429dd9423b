// Started in a child process by tests/integration/start-embedded-postgres.test.ts: it starts
// the embedded server, prints its URL, and owns it until it is killed (SIGKILL: the server is
// left behind without its owner) or told "stop" on its stdin (it stops its handle as a portal
// does at its end). Not a signal: embedded-postgres's own exit hook would stop the server on one.
import { createInterface } from "node:readline";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";

const [dataDir, port] = process.argv.slice(2);
const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: "orphan", fast: true });
console.log(`URL ${pg.url}`);
createInterface({ input: process.stdin }).on("line", async (line) => {
  if (line.trim() !== "stop") return;
  await pg.stop();
  console.log("STOPPED");
  process.exit(0);
});
