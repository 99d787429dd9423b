import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents } from "@/lib/audit/audit-events";
import { loadAuditParams } from "@/lib/audit/audit-params";
import { auditEventsInWords } from "@/lib/data/audit-in-words";
import { listUsers } from "@/lib/data/users";
import { fieldErrorsOf } from "@/lib/forms/field-errors-of";
import { requirePermission } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { nextIsoDay, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { formatIsoDay } from "@/lib/i18n/format-iso-day";
import { resolveLocale } from "@/lib/i18n/locales";
import { auditPeriodSchema } from "@/lib/schemas/audit-filter";
import { AuditLog } from "./_components/audit-log";
import type { AuditRow } from "./_components/audit-row";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("audit.read");
  const filter = await loadAuditParams(searchParams);
  const [t, locale, users] = await Promise.all([getTranslations(), getLocale(), listUsers()]);
  const loc = resolveLocale(locale);
  // A period that ends before it starts is said in words, not searched: "no events" would
  // suggest nothing happened.
  const period = auditPeriodSchema.safeParse({ from: filter.from ?? undefined, to: filter.to ?? undefined });
  const { rows, total } = period.success
    ? await listAuditEvents({
        actorUserId: filter.user ?? undefined,
        entityType: filter.kind ?? undefined,
        from: filter.from ? startOfDayInAmsterdam(filter.from) : undefined,
        // "Up to and including" the day: up to the start of the next day in Amsterdam.
        to: filter.to ? startOfDayInAmsterdam(nextIsoDay(filter.to)) : undefined,
        page: filter.page,
        pageSize: PAGE_SIZE,
      })
    : { rows: [], total: 0 };
  const cells: AuditRow[] = (await auditEventsInWords(rows, t, loc)).map((e) => ({ id: String(e.id), ...e.words }));
  return (
    <>
      <PageHeader title={t("audit.title")} intro={t("audit.intro")} />
      <ClientMessages paths={["audit"]}>
        <NuqsAdapter>
          <AuditLog
            rows={cells}
            total={total}
            pageSize={PAGE_SIZE}
            users={users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))}
            periodError={period.success ? undefined : fieldErrorsOf(period.error.issues)}
            periodMessage={
              period.success || !filter.from || !filter.to
                ? undefined
                : t("audit.reversed", { from: formatIsoDay(filter.from, loc), to: formatIsoDay(filter.to, loc) })
            }
          />
        </NuqsAdapter>
      </ClientMessages>
    </>
  );
}
