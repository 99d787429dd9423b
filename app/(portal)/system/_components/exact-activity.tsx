import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import {
  type ActivityCursor,
  type ActivityRecord,
  type ActivitySubject,
  activityCursorText,
  listExactCalls,
  parseActivityCursor,
  SUMMARY_COUNT_CAP,
  summarizeExactCalls,
} from "@/lib/data/exact-call-activity";
import { failureCodeForViewer } from "@/lib/data/stored-failure-code";
import { formatDateTime, nextIsoDay, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { formatIsoDay } from "@/lib/i18n/format-iso-day";
import { type Locale, resolveLocale } from "@/lib/i18n/locales";
import { UNKNOWN_ERROR_VALUES } from "@/lib/i18n/unknown-error-values";
import { ACTIVITY_KINDS, ACTIVITY_RESULTS, activityParamsSchema, firstValues } from "@/lib/schemas/activity-params";

// The Activiteit view of one OAuth login or one administration: every call the portal made to
// Exact for it (lib/exact/activity), filtered by period, kind and result, newest first, paged by
// keyset (Nieuwere / Oudere carry the edge record's place in the URL). Admins see the records;
// team leads see the health summary only — the records are then not even read.

const PAGE_SIZE = 50;

type Translate = Awaited<ReturnType<typeof getTranslations>>;

export async function ExactActivity({
  title,
  intro,
  back,
  subject,
  basePath,
  showRecords,
  searchParams,
}: {
  title: string;
  intro: string;
  /** The screen the login or administration is managed on. */
  back: { href: string; label: string };
  subject: ActivitySubject;
  /** This view's own path: the filter form and the pager link to it. */
  basePath: string;
  /** Admins only: team leads see the summary. */
  showRecords: boolean;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const loc = resolveLocale(locale);
  const summary = await summarizeExactCalls(subject);
  const count = (n: number) =>
    n > SUMMARY_COUNT_CAP ? t("activity.moreThan", { count: SUMMARY_COUNT_CAP }) : String(n);
  return (
    <>
      <PageHeader environmentScoped title={title} intro={intro} />
      <p className="mb-4 text-sm">
        <Link href={back.href} className="text-blue-700 underline">
          {back.label}
        </Link>
      </p>
      <section aria-labelledby="activity-summary" className="mb-6 rounded border border-slate-200 bg-white p-4 text-sm">
        <h2 id="activity-summary" className="mb-2 text-base font-semibold">
          {t("activity.summary")}
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1" data-testid="activity-summary">
          <dt>{t("activity.callsDay")}</dt>
          <dd data-testid="activity-calls">{count(summary.calls)}</dd>
          <dt>{t("activity.failedDay")}</dt>
          <dd data-testid="activity-failed">{count(summary.failed)}</dd>
          <dt>{t("activity.lastCall")}</dt>
          <dd>
            {summary.lastCall
              ? `${dateTime(summary.lastCall.at, loc)} (${summary.lastCall.ok ? t("activity.ok") : t("activity.failed")})`
              : t("activity.none")}
          </dd>
          <dt>{t("activity.lastFailure")}</dt>
          <dd>
            {summary.lastFailure
              ? `${dateTime(summary.lastFailure.at, loc)}: ${errorWords(t, showRecords ? summary.lastFailure.error : failureCodeForViewer(summary.lastFailure.error))}`
              : t("activity.none")}
          </dd>
        </dl>
        {showRecords ? null : <p className="mt-3 text-slate-600">{t("activity.adminsOnly")}</p>}
      </section>
      {showRecords ? <Records subject={subject} basePath={basePath} raw={searchParams} t={t} loc={loc} /> : null}
    </>
  );
}

async function Records({
  subject,
  basePath,
  raw,
  t,
  loc,
}: {
  subject: ActivitySubject;
  basePath: string;
  raw: Record<string, string | string[] | undefined>;
  t: Translate;
  loc: Locale;
}) {
  const values = firstValues(raw);
  const parsed = activityParamsSchema.safeParse(values);
  const params = parsed.success ? parsed.data : null;
  const cursor: ActivityCursor | null = params
    ? (parseActivityCursor(params.older, "older") ?? parseActivityCursor(params.newer, "newer"))
    : null;
  const page = params
    ? await listExactCalls(
        subject,
        {
          from: params.from ? startOfDayInAmsterdam(params.from) : undefined,
          // "Up to and including" the day.
          to: params.to ? startOfDayInAmsterdam(nextIsoDay(params.to)) : undefined,
          kind: params.kind,
          result: params.result,
        },
        cursor,
        PAGE_SIZE,
      )
    : null;
  const filterQuery = new URLSearchParams();
  for (const key of ["from", "to", "kind", "result"] as const) {
    if (params?.[key]) filterQuery.set(key, String(params[key]));
  }
  const hrefWith = (extra: Record<string, string>) => {
    const q = new URLSearchParams(filterQuery);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const text = q.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  const field = "rounded border border-slate-300 px-2 py-1";
  const shownDay = (name: "from" | "to") => {
    if (params?.[name]) return formatIsoDay(params[name] as string, loc);
    return values[name] ?? "";
  };
  const issue = parsed.success ? null : parsed.error.issues[0];
  return (
    <section aria-labelledby="activity-records">
      <h2 id="activity-records" className="mb-2 text-base font-semibold">
        {t("activity.records")}
      </h2>
      <form method="get" action={basePath} className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span>{t("activity.from")}</span>
          <input name="from" defaultValue={shownDay("from")} placeholder="2-7-2016" className={field} />
        </label>
        <label className="flex flex-col gap-1">
          <span>{t("activity.to")}</span>
          <input name="to" defaultValue={shownDay("to")} placeholder="2-7-2016" className={field} />
        </label>
        <label className="flex flex-col gap-1">
          <span>{t("activity.kind")}</span>
          <select name="kind" defaultValue={params?.kind ?? ""} className={field}>
            <option value="">{t("activity.all")}</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`activity.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span>{t("activity.result")}</span>
          <select name="result" defaultValue={params?.result ?? ""} className={field}>
            <option value="">{t("activity.all")}</option>
            {ACTIVITY_RESULTS.map((r) => (
              <option key={r} value={r}>
                {t(`activity.results.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-blue-700 px-3 py-1 font-medium text-white hover:bg-blue-800">
          {t("activity.filter")}
        </button>
        <Link href={basePath} className="py-1 text-blue-700 underline">
          {t("activity.clear")}
        </Link>
      </form>
      {issue ? (
        <p role="status" className="mb-4 text-sm text-red-700" data-testid="activity-filter-error">
          {t(`validation.${issue.message}`)}
        </p>
      ) : null}
      {page?.records.length ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="activity-table">
            <caption className="sr-only">{t("activity.records")}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                {(["at", "kind", "onBehalf", "call", "division", "status", "duration", "result"] as const).map((c) => (
                  <th key={c} scope="col" className="px-2 py-1 font-medium">
                    {t(`activity.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.records.map((r) => (
                <Row key={r.id} record={r} t={t} loc={loc} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600" data-testid="activity-empty">
          {t("activity.empty")}
        </p>
      )}
      {page && (page.newer || page.older) ? (
        <nav aria-label={t("activity.paging")} className="mt-3 flex flex-wrap gap-3 text-sm">
          {page.newer ? (
            <>
              <Link href={hrefWith({})} className="text-blue-700 underline">
                {t("activity.newest")}
              </Link>
              <Link href={hrefWith({ newer: activityCursorText(page.newer) })} className="text-blue-700 underline">
                {t("activity.newer")}
              </Link>
            </>
          ) : null}
          {page.older ? (
            <Link href={hrefWith({ older: activityCursorText(page.older) })} className="text-blue-700 underline">
              {t("activity.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function Row({ record: r, t, loc }: { record: ActivityRecord; t: Translate; loc: Locale }) {
  const onBehalf =
    r.onBehalf === "api" && r.apiKeyPrefix
      ? t("activity.onBehalf.apiKey", { prefix: r.apiKeyPrefix })
      : t(`activity.onBehalf.${r.onBehalf}`);
  return (
    <tr className="border-b border-slate-200 align-top" data-kind={r.kind} data-ok={r.ok}>
      <td className="px-2 py-1 whitespace-nowrap">{dateTime(r.at, loc)}</td>
      <td className="px-2 py-1">{t(`activity.kinds.${r.kind}`)}</td>
      <td className="px-2 py-1">{onBehalf}</td>
      <td className="px-2 py-1 font-mono text-xs break-all">
        {r.method} {r.path}
      </td>
      <td className="px-2 py-1">{r.division ?? "—"}</td>
      <td className="px-2 py-1">{r.status ?? "—"}</td>
      <td className="px-2 py-1 whitespace-nowrap">{t("activity.ms", { ms: r.durationMs })}</td>
      <td className="px-2 py-1">{r.ok ? t("activity.ok") : `${t("activity.failed")}: ${errorWords(t, r.error)}`}</td>
    </tr>
  );
}

/** 2-7-2016 14:03:05, Amsterdam time: calls come seconds apart. */
function dateTime(at: Date, loc: Locale): string {
  return formatDateTime(at, loc, { seconds: true });
}

function errorWords(t: Translate, code: string | null): string {
  const key = `errors.${code ?? "unexpected"}`;
  return t.has(key) ? t(key, UNKNOWN_ERROR_VALUES) : t("errors.unexpected");
}
