import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { OverviewTable } from "@/app/(portal)/_components/overview-table";
import type { OverviewTableRow } from "@/app/(portal)/_components/overview-table-row";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StateBadge } from "@/components/ui/state-badge";
import { can } from "@/lib/auth/permissions";
import { listDivisionOverview, overviewFilterOptions } from "@/lib/data/division-overview";
import { environmentOf } from "@/lib/data/environments";
import { SITE_CODES, siteDisplayUrl } from "@/lib/exact-sites";
import { requireUser } from "@/lib/guards/require-user";
import { linkStateWord } from "@/lib/i18n/describe-login-state";
import { resolveLocale } from "@/lib/i18n/locales";
import { describeOverviewRow, overviewStateParts } from "@/lib/overview/describe-overview-row";
import {
  loadOverviewParams,
  overviewQueryOf,
  overviewUrl,
  ROW_STATES,
  SEARCH_COUNT_CAP,
  SORT_COLUMNS,
} from "@/lib/schemas/overview-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const environment = await environmentOf(user);
  const params = await loadOverviewParams(searchParams);
  const query = overviewQueryOf(params);
  const [t, tRoot, result, options, locale] = await Promise.all([
    getTranslations("overview"),
    getTranslations(),
    listDivisionOverview(environment.id, query),
    overviewFilterOptions(environment.id),
    getLocale(),
  ]);
  const loc = resolveLocale(locale);
  const everything = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const rows: OverviewTableRow[] = result.rows.map((r) => {
    const cells = describeOverviewRow(tRoot, r, loc);
    const parts = overviewStateParts(tRoot, r, loc);
    return {
      id: r.id,
      code: r.code,
      ...cells,
      stateKey: parts.state,
      stateWord: parts.word,
      stateDetail: parts.detail,
      stateHasReason: parts.hasReason,
    };
  });
  const pages = Math.max(1, Math.ceil(result.total / query.size));
  // Past the search's count cap the number of pages is not known: a full page may have a next one.
  const pageCount = result.totalCapped ? result.page + (result.rows.length === query.size ? 1 : 0) : pages;
  const exportHref = `/api/overview/export${overviewUrl({ ...params, page: null, size: null })}`;
  return (
    <>
      <PageHeader environmentScoped title={t("title")} intro={t("intro")} />
      {everything === 0 ? (
        <EmptyState
          hint={
            can(user.role, "settings.change")
              ? t.rich("emptyAdmin", {
                  link: (chunks) => (
                    <Link href="/system/settings" className="text-blue-700 underline">
                      {chunks}
                    </Link>
                  ),
                })
              : undefined
          }
        >
          {t("empty", { environment: environment.name })}
        </EmptyState>
      ) : (
        <NuqsAdapter>
          <ul aria-label={t("counts.label")} className="mb-4 flex flex-wrap gap-3">
            {(["active", "expiring", "needs_reauth", "error", "not_linked", "pending"] as const)
              .filter((s) => s !== "pending" || result.counts.pending > 0)
              .map((s) => (
                <li key={s}>
                  <Link
                    href={overviewUrl("/", { state: s })}
                    data-count={s}
                    aria-current={query.state === s ? "true" : undefined}
                    className="block rounded border border-slate-200 bg-white px-3 py-2 text-sm hover:border-blue-500 aria-[current]:border-blue-700 aria-[current]:ring-1 aria-[current]:ring-blue-700"
                  >
                    <span className="block text-lg font-semibold">{result.counts[s]}</span>
                    <StateBadge state={s} word={linkStateWord(tRoot, s)} />
                  </Link>
                </li>
              ))}
          </ul>
          <p className="mb-2 flex items-center justify-between text-sm text-slate-600">
            <span data-testid="overview-total" data-capped={result.totalCapped || undefined}>
              {result.totalCapped
                ? t("totalMoreThan", { count: SEARCH_COUNT_CAP })
                : t("total", { count: result.total })}
            </span>
            <a href={exportHref} download className="text-blue-700 underline">
              {t("export")}
            </a>
          </p>
          <OverviewTable
            rows={rows}
            pageCount={pageCount}
            page={result.page}
            pageText={
              result.totalCapped
                ? t("pageOfMore", { page: result.page, pages })
                : t("pageOf", { page: result.page, pages })
            }
            states={ROW_STATES.map((s) => ({ value: s, label: linkStateWord(tRoot, s) }))}
            logins={options.logins.map((o) => ({ value: o.id, label: o.label }))}
            administrations={options.administrations.map((o) => ({ value: o.id, label: o.label }))}
            sites={SITE_CODES.map((s) => ({ value: s, label: siteDisplayUrl(s) }))}
            labels={{
              columns: Object.fromEntries(SORT_COLUMNS.map((c) => [c, t(`columns.${c}`)])) as Record<
                (typeof SORT_COLUMNS)[number],
                string
              >,
              sortAscending: t("sortAscending"),
              sortDescending: t("sortDescending"),
              table: t("table"),
              paging: t("paging"),
              previous: t("previous"),
              next: t("next"),
              pageSize: t("pageSize"),
              search: t("search"),
              searchButton: t("searchButton"),
              filters: {
                state: t("filters.state"),
                login: t("filters.login"),
                administration: t("filters.administration"),
                site: t("filters.site"),
                all: t("filters.all"),
                clear: t("filters.clear"),
              },
              noRows: t("noRows"),
            }}
          />
        </NuqsAdapter>
      )}
    </>
  );
}
