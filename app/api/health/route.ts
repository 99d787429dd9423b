import { databaseAnswers } from "@/lib/data/database-answers";
import { logger } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

// For load balancers: 200 when the database answers within two seconds, 503 otherwise.
// Public on purpose, and it says nothing but up or down.
export async function GET() {
  try {
    await Promise.race([
      databaseAnswers(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2000)),
    ]);
    return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    logger.warn({ err: e }, "health check: database does not answer");
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
