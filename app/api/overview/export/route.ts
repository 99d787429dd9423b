import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { getTranslations } from "next-intl/server";
import { userForRoute } from "@/lib/auth/session";
import { streamDivisionOverview } from "@/lib/data/division-overview";
import { environmentOf } from "@/lib/data/environments";
import { resolveLocale } from "@/lib/i18n/locales";
import { describeOverviewRow } from "@/lib/overview/describe-overview-row";
import { loadOverviewParams, overviewQueryOf, SORT_COLUMNS } from "@/lib/overview/overview-params";

export const dynamic = "force-dynamic";

/**
 * The overview's current filtered and sorted set, every page, as CSV for Dutch Excel: UTF-8
 * with a BOM, `;` between fields, dates as 2-7-2016. Rows come from a database cursor in
 * batches and leave as they are written (backpressure through the stream), so 100,000 rows
 * never sit in memory. Viewers may export: the file holds the overview's words, no secret.
 */
export async function GET(request: Request): Promise<Response> {
  const { user, response } = await userForRoute(request, "portal.read");
  if (response) return response;
  const environment = await environmentOf(user);
  const query = overviewQueryOf(loadOverviewParams(new URL(request.url).searchParams));
  const locale = resolveLocale(user.locale);
  const [t, tOverview] = await Promise.all([
    getTranslations({ locale }),
    getTranslations({ locale, namespace: "overview" }),
  ]);

  async function* records() {
    for await (const batch of streamDivisionOverview(environment.id, query)) {
      for (const row of batch) {
        const cells = describeOverviewRow(t, row, locale, true);
        yield SORT_COLUMNS.map((c) => cells[c]);
      }
    }
  }
  const csv = Readable.from(records()).pipe(
    stringify({ delimiter: ";", bom: true, header: true, columns: SORT_COLUMNS.map((c) => tOverview(`columns.${c}`)) }),
  );
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${tOverview("csvFile")}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
