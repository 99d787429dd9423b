import "server-only";
import { getSql } from "@/db/client";

/** Resolves when the database runs a statement: the health check's question. */
export async function databaseAnswers(): Promise<void> {
  await getSql()`select 1`;
}
