import { getSql } from "@/db/client";

/**
 * Opens `n` of the pool's connections, so the calls a test then starts together reach the
 * database at once (as separate processes would), instead of queueing behind a connect.
 */
export async function warmPool(n = 4): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => getSql()`select pg_sleep(0.05)`));
}
