// `npm run worker`: the portal's job worker on its own (keep-alive, notifications), for
// operators who want it apart from the web processes. `npm start` runs one in every portal
// process as well; the queue sees to it that each job runs once, however many there are.

import { startWorker } from "@/lib/jobs/start-worker";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { dataDir } from "@/lib/runtime/data-dir";
import { databaseForScript } from "@/lib/runtime/database-for-script";
import { loadOrCreateLocalSecrets } from "@/lib/runtime/local-secrets";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { startMetricsEndpoint } from "@/lib/runtime/start-metrics-endpoint";

const say = (line: string) => console.log(`[koppeling worker] ${line}`);
try {
  if (!process.env.DATABASE_URL) {
    // The embedded defaults of `npm start`: its database and its generated key.
    process.env.ENCRYPTION_KEY ??= loadOrCreateLocalSecrets(dataDir()).encryptionKey;
  } else if (!process.env.ENCRYPTION_KEY) {
    throw new Error("DATABASE_URL is set, so ENCRYPTION_KEY must be set too (see .env.example).");
  }
  const database = await databaseForScript();
  await migrateDatabase(database.url);
  const worker = await startWorker();
  // Only when METRICS_PORT is set for it: beside `npm start` it must not take the portal's port.
  await startMetricsEndpoint({ byDefault: false, say, warn: (line) => console.warn(`[koppeling worker] ${line}`) });
  say("Working the job queue (keep-alive, notifications). Stop with Ctrl+C.");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await worker.stop();
      await database.stop();
      process.exit(0);
    });
  }
} catch (e) {
  console.error(`[koppeling worker] Cannot start: ${safeErrorMessage(e)}`);
  process.exit(1);
}
