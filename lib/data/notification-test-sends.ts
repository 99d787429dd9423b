import "server-only";
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notificationTestSends } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";

/** "Stuur testmelding" goes through the organisation's SMTP server to addresses an admin chose. */
export const TEST_SENDS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

/**
 * Counts one test for the environment, or refuses it (AppError notification_test_limited, with
 * the time the next one is allowed) when it had TEST_SENDS_PER_HOUR in the last hour. One
 * environment's reservations take turns (a transaction-scoped advisory lock), so tests pressed
 * at the same moment cannot all pass the count.
 */
export async function reserveTestSend(environmentId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('notification-test:' || ${environmentId}))`);
    const since = new Date(now().getTime() - HOUR_MS);
    const [recent] = await tx
      .select({ sends: count(), oldest: min(notificationTestSends.sentAt) })
      .from(notificationTestSends)
      .where(and(eq(notificationTestSends.environmentId, environmentId), gt(notificationTestSends.sentAt, since)));
    if (recent.sends >= TEST_SENDS_PER_HOUR && recent.oldest) {
      const until = formatAmsterdamTime(recent.oldest.getTime() + HOUR_MS);
      throw new AppError("notification_test_limited", undefined, { until, limit: TEST_SENDS_PER_HOUR });
    }
    await tx.insert(notificationTestSends).values({ environmentId, sentAt: now() });
  });
}
