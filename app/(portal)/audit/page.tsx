import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { AUDIT_ENTITY_TYPES, listAuditEvents } from "@/lib/data/audit";
import { listUsers } from "@/lib/data/users";
import { formatDateTime, nextIsoDay, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import { type AuditFilterParams, auditFilterSchema } from "@/lib/schemas/audit-filter";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

function pageHref(filter: AuditFilterParams, page: number): string {
  const params = new URLSearchParams();
  for (const key of ["user", "kind", "from", "to"] as const) if (filter[key]) params.set(key, filter[key] as string);
  params.set("page", String(page));
  return `/audit?${params}`;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePermission("audit.read");
  const filter = auditFilterSchema.parse(await searchParams);
  const [t, locale, users, { rows, total }] = await Promise.all([
    getTranslations("audit"),
    getLocale(),
    listUsers(),
    listAuditEvents({
      actorUserId: filter.user,
      entityType: filter.kind,
      from: filter.from ? startOfDayInAmsterdam(filter.from) : undefined,
      // "Up to and including" the day: up to the start of the next day in Amsterdam.
      to: filter.to ? startOfDayInAmsterdam(nextIsoDay(filter.to)) : undefined,
      page: filter.page,
      pageSize: PAGE_SIZE,
    }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const loc = resolveLocale(locale);
  return (
    <>
      <PageHeader title={t("title")} intro={t("intro")} />
      <form method="get" action="/audit" className="mb-4 flex flex-wrap items-end gap-3 rounded bg-white p-3 text-sm">
        <label className="flex flex-col gap-1">
          {t("filters.user")}
          <select name="user" defaultValue={filter.user ?? ""} className="rounded border border-slate-300 px-2 py-1">
            <option value="">{t("filters.anyUser")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {t("filters.kind")}
          <select name="kind" defaultValue={filter.kind ?? ""} className="rounded border border-slate-300 px-2 py-1">
            <option value="">{t("filters.anyKind")}</option>
            {AUDIT_ENTITY_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {t("filters.from")}
          <input
            type="date"
            name="from"
            defaultValue={filter.from}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col gap-1">
          {t("filters.to")}
          <input type="date" name="to" defaultValue={filter.to} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">
          {t("filters.apply")}
        </button>
        <Link href="/audit" className="px-2 py-1.5 text-blue-700 hover:underline">
          {t("filters.reset")}
        </Link>
      </form>
      {rows.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <>
          <table className="w-full border-collapse bg-white text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="px-3 py-2">{t("columns.at")}</th>
                <th className="px-3 py-2">{t("columns.who")}</th>
                <th className="px-3 py-2">{t("columns.action")}</th>
                <th className="px-3 py-2">{t("columns.record")}</th>
                <th className="px-3 py-2">{t("columns.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.at, loc)}</td>
                  <td className="px-3 py-2">
                    {!e.actorEmail || e.actorEmail === "system" ? t("system") : e.actorEmail}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2">
                    {(AUDIT_ENTITY_TYPES as readonly string[]).includes(e.entityType)
                      ? t(`kinds.${e.entityType as (typeof AUDIT_ENTITY_TYPES)[number]}`)
                      : e.entityType}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs break-all">{JSON.stringify(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav
            className="mt-3 flex items-center gap-4 text-sm"
            aria-label={t("page", { page: filter.page, pages, total })}
          >
            {filter.page > 1 ? (
              <Link className="text-blue-700 hover:underline" href={pageHref(filter, filter.page - 1)}>
                {t("previous")}
              </Link>
            ) : null}
            <span>{t("page", { page: filter.page, pages, total })}</span>
            {filter.page < pages ? (
              <Link className="text-blue-700 hover:underline" href={pageHref(filter, filter.page + 1)}>
                {t("next")}
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
