import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ENTITY_TYPES } from "@/lib/audit/audit-entity-types";
import { loadAuditParams } from "@/lib/audit/audit-params";
import { requirePermission } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/data/audit";
import { listUsers } from "@/lib/data/users";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { formatDateTime, nextIsoDay, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
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
  const [t, locale, users, { rows, total }] = await Promise.all([
    getTranslations("audit"),
    getLocale(),
    listUsers(),
    listAuditEvents({
      actorUserId: filter.user ?? undefined,
      entityType: filter.kind ?? undefined,
      from: filter.from ? startOfDayInAmsterdam(filter.from) : undefined,
      // "Up to and including" the day: up to the start of the next day in Amsterdam.
      to: filter.to ? startOfDayInAmsterdam(nextIsoDay(filter.to)) : undefined,
      page: filter.page,
      pageSize: PAGE_SIZE,
    }),
  ]);
  const loc = resolveLocale(locale);
  const cells: AuditRow[] = rows.map((e) => ({
    id: String(e.id),
    at: formatDateTime(e.at, loc),
    who: !e.actorEmail || e.actorEmail === "system" ? t("system") : e.actorEmail,
    action: e.action,
    record: (AUDIT_ENTITY_TYPES as readonly string[]).includes(e.entityType)
      ? t(`kinds.${e.entityType as (typeof AUDIT_ENTITY_TYPES)[number]}`)
      : e.entityType,
    detail: JSON.stringify(e.detail),
  }));
  return (
    <>
      <PageHeader title={t("title")} intro={t("intro")} />
      <ClientMessages paths={["audit"]}>
        <NuqsAdapter>
          <AuditLog
            rows={cells}
            total={total}
            pageSize={PAGE_SIZE}
            users={users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))}
          />
        </NuqsAdapter>
      </ClientMessages>
    </>
  );
}
