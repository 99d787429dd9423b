import type { TestProject } from "vitest/node";
import { startTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Another port lets a second checkout run its integration tests beside this one.
  const db = await startTestDatabase("integration", Number(process.env.INTEGRATION_PG_PORT ?? 54329));
  project.provide("databaseUrl", db.url);
  return () => db.stop();
}
