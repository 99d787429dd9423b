import { Readable } from "node:stream";
import { getTranslations } from "next-intl/server";
import { environmentOf } from "@/lib/data/environments";
import { userForRoute } from "@/lib/guards/require-user";
import { resolveLocale } from "@/lib/i18n/locales";
import { overviewCsv, overviewCsvFileName } from "@/lib/overview/overview-csv";
import { recordOverviewExport } from "@/lib/overview/record-overview-export";
import { loadOverviewParams, overviewQueryOf } from "@/lib/schemas/overview-params";

export const dynamic = "force-dynamic";

/**
 * CSV export of the overview's current filtered and sorted set (the page's own URL
 * parameters), streamed. Viewers may export: the file holds the overview's words, no secret.
 */
export async function GET(request: Request): Promise<Response> {
  const { user, response } = await userForRoute(request, "portal.read");
  if (response) return response;
  const environment = await environmentOf(user);
  const query = overviewQueryOf(loadOverviewParams(new URL(request.url).searchParams));
  const locale = resolveLocale(user.locale);
  const t = await getTranslations({ locale });
  const filter = new URL(request.url).searchParams.toString();
  const csv = overviewCsv(environment.id, query, t, locale, (rows, complete) =>
    recordOverviewExport(user, environment, filter, rows, complete),
  );
  const fileName = overviewCsvFileName(t("overview.csvFile"), environment.name, new Date());
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
