import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import type { KeepAliveRun } from "@/lib/jobs/keep-alive-runs";

/** When the keep-alive last ran and how it went; an admin can open the last runs. */
export async function KeepAliveStatus({ runs, detailed }: { runs: KeepAliveRun[]; detailed: boolean }) {
  const [t, locale] = await Promise.all([getTranslations("keepAlive"), getLocale()]);
  const loc = resolveLocale(locale);
  const [last] = runs;
  const ok = (r: KeepAliveRun) => r.state === "completed" && r.failed === 0;
  const line = last ? t(ok(last) ? "lastOk" : "lastFailed", { at: formatDateTime(last.at, loc) }) : t("never");
  if (!detailed || runs.length === 0) {
    return (
      <span className="text-xs text-blue-100" data-testid="keep-alive-status">
        {line}
      </span>
    );
  }
  return (
    <details className="relative text-xs text-blue-100" data-testid="keep-alive-status">
      <summary className="cursor-pointer">{line}</summary>
      <ul
        data-surface="light"
        className="absolute right-0 z-10 mt-1 w-80 max-w-[calc(100vw-2rem)] rounded border border-slate-200 bg-white p-2 text-slate-800 shadow"
      >
        {runs.map((r) => (
          <li key={r.at.toISOString()} className="py-0.5">
            {formatDateTime(r.at, loc)}: {t("run", { queued: r.queued, checked: r.checked, failed: r.failed })}
          </li>
        ))}
      </ul>
    </details>
  );
}
