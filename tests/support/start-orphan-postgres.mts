// Started in a child process by tests/integration/start-embedded-postgres.test.ts, then killed
// with SIGKILL: it starts the embedded server, prints its URL, and waits to be killed, so the
// server is left running without the process that started it.
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";

const [dataDir, port] = process.argv.slice(2);
const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: "orphan", fast: true });
console.log(`URL ${pg.url}`);
setInterval(() => {}, 60_000);
