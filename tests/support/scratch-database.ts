import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";

/** An empty, unmigrated database on the test server, dropped again by `drop()`. */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(inject("databaseUrl"));
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  server.pathname = "/postgres";
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end({ timeout: 1 });
      }
    },
  };
}
